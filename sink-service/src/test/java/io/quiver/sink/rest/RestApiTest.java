package io.quiver.sink.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.quarkus.test.junit.QuarkusTest;
import io.quiver.lake.testing.LakeDuck;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.sink.testing.ServingLake;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every REST endpoint against a lake the running service wrote from its topic, each answer checked
 * against the events as they were published (and the aggregates against DuckDB on the same files).
 */
@QuarkusTest
class RestApiTest {

    private static final String USDC = "USDC:GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN";

    @BeforeEach
    void lake() throws Exception {
        ServingLake.ensure();
    }

    @Test
    void pagingWithCursorsReturnsEveryEventOnceInChainOrder() {
        List<String> expected = ServingLake.expected().stream().map(TokenTransferEventRow::eventId).toList();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = given().queryParam("limit", 137);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            Response r = req.get("/v1/events");
            assertEquals(200, r.statusCode(), r.asString());
            JsonPath j = r.jsonPath();
            seen.addAll(j.getList("events.event_id", String.class));
            cursor = j.getString("next_cursor");
            if (cursor != null) {
                assertEquals(cursor, r.header(QueryResponses.NEXT_CURSOR_HEADER));
            }
            pages++;
        } while (cursor != null && pages < 100);
        assertEquals(expected.size(), seen.size());
        assertEquals(expected, seen);
        assertEquals(expected.size(), new HashSet<>(seen).size());
    }

    @Test
    void filtersSelectExactlyTheMatchingEvents() {
        BigInteger min = BigInteger.valueOf(500_000_000);
        List<TokenTransferEventRow> all = ServingLake.expected();
        List<String> want = all.stream().filter(e -> e.eventType().equals("transfer") && "USDC".equals(e.assetCode())
                && e.amount().compareTo(min) >= 0 && e.ledgerSequence() >= 1010 && e.ledgerSequence() <= 1040)
                .map(TokenTransferEventRow::eventId).toList();
        assertFalse(want.isEmpty());
        JsonPath j = given().queryParam("types", "transfer").queryParam("assets", USDC).queryParam("min_amount", min.toString())
                .queryParam("from_ledger", 1010).queryParam("to_ledger", 1040).queryParam("limit", 1000)
                .get("/v1/events").then().statusCode(200).extract().jsonPath();
        assertEquals(want, j.getList("events.event_id", String.class));
        assertNull(j.getString("next_cursor"));

        String account = all.get(3).to() != null ? all.get(3).to() : all.get(3).from();
        List<String> byAccount = all.stream().filter(e -> account.equals(e.from()) || account.equals(e.to()))
                .map(TokenTransferEventRow::eventId).toList();
        assertEquals(byAccount, given().queryParam("accounts", account).queryParam("limit", 1000).get("/v1/events")
                .then().statusCode(200).extract().jsonPath().getList("events.event_id", String.class));

        // one event's every field as the JSON object says it
        TokenTransferEventRow e = all.get(0);
        Map<String, Object> first = given().queryParam("limit", 1).get("/v1/events").then().statusCode(200).extract()
                .jsonPath().getMap("events[0]");
        assertEquals(e.eventId(), first.get("event_id"));
        assertEquals(e.amount().toString(), first.get("amount"));
        assertEquals(e.closedAt().toString(), first.get("closed_at"));
        assertEquals(java.util.HexFormat.of().formatHex(e.txHash()), first.get("tx_hash"));
        assertEquals(e.ledgerSequence() + "-" + e.eventIndex(), first.get("cursor"));
    }

    @Test
    void volumePerAssetPerHourAndDayEqualsDuckDbOnTheSameFiles() throws Exception {
        for (String period : List.of("hour", "day")) {
            List<Map<String, Object>> rows = given().queryParam("period", period).get("/v1/stats/volume")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            // recomputed from the published events
            Map<String, BigInteger[]> want = new TreeMap<>();
            for (TokenTransferEventRow e : ServingLake.expected()) {
                if (!e.eventType().equals("transfer")) {
                    continue;
                }
                Instant start = e.closedAt().truncatedTo(period.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS);
                String asset = e.assetType().equals("native") ? "native" : e.assetCode() + ":" + e.assetIssuer();
                BigInteger[] v = want.computeIfAbsent(start + " " + asset, k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
                v[0] = v[0].add(BigInteger.ONE);
                v[1] = v[1].add(e.amount());
            }
            assertEquals(want.size(), rows.size(), period);
            for (Map<String, Object> r : rows) {
                BigInteger[] v = want.get(Instant.parse((String) r.get("period_start")) + " " + r.get("asset"));
                assertEquals(v[0].longValue(), ((Number) r.get("event_count")).longValue(), r.toString());
                assertEquals(new BigDecimal(v[1]), new BigDecimal(r.get("volume").toString()), r.toString());
            }
        }
        try (LakeDuck duck = new LakeDuck(Path.of(ServingLake.lake()))) {
            List<String> d = duck.rows("SELECT asset_code, sum(amount_decimal) FROM " + duck.table("token_transfer_events", "parquet")
                    + " WHERE event_type = 'transfer' AND asset_code = 'USDC' GROUP BY 1");
            Object rest = given().queryParam("period", "day").queryParam("assets", USDC).get("/v1/stats/volume")
                    .then().statusCode(200).extract().jsonPath().getList("volume").stream()
                    .map(x -> new BigDecimal(x.toString())).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(d.get(0).split("\\|")[1].trim(), rest.toString());
        }
    }

    @Test
    void topAccountsAreOrderedByExactVolume() {
        Map<String, BigInteger> volume = new java.util.HashMap<>();
        for (TokenTransferEventRow e : ServingLake.expected()) {
            if (e.eventType().equals("transfer") && e.assetType().equals("native")) {
                for (String a : new String[] {e.from(), e.to()}) {
                    if (a != null) {
                        volume.merge(a, e.amount(), BigInteger::add);
                    }
                }
            }
        }
        List<Map<String, Object>> top = given().queryParam("limit", 5).get("/v1/stats/top-accounts")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(5, top.size());
        List<BigInteger> sorted = volume.values().stream().sorted(java.util.Comparator.reverseOrder()).limit(5).toList();
        for (int i = 0; i < 5; i++) {
            assertEquals(sorted.get(i), new BigDecimal(top.get(i).get("volume").toString()).toBigIntegerExact());
            assertEquals(volume.get((String) top.get(i).get("account")), sorted.get(i));
        }
    }

    @Test
    void csvAndArrowOnRequest() throws Exception {
        String csv = given().header("Accept", "text/csv").queryParam("limit", 250).get("/v1/events")
                .then().statusCode(200).contentType("text/csv").extract().asString();
        assertEquals(251, csv.split("\r\n").length);
        assertTrue(csv.startsWith("event_id,ledger_sequence,closed_at,"));

        Response arrow = given().header("Accept", "application/vnd.apache.arrow.stream").queryParam("limit", 300).get("/v1/events");
        assertEquals(200, arrow.statusCode());
        long rows = 0;
        try (RootAllocator a = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(arrow.asByteArray()), a)) {
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
            List<String> names = reader.getVectorSchemaRoot().getSchema().getFields().stream()
                    .map(org.apache.arrow.vector.types.pojo.Field::getName).toList();
            assertTrue(names.contains("cursor") && names.contains("amount") && !names.contains("amount_decimal"), names.toString());
        }
        assertEquals(300, rows);
        assertEquals(ServingLake.expected().get(299).ledgerSequence() + "-" + ServingLake.expected().get(299).eventIndex(),
                arrow.header(QueryResponses.NEXT_CURSOR_HEADER));
    }

    @Test
    void sqlOverTheLakeTablesAndLedgersTable() {
        JsonPath j = given().queryParam("q", "SELECT count(*) AS n, count(DISTINCT ledger_sequence) AS ledgers FROM token_transfer_events")
                .get("/v1/sql").then().statusCode(200).extract().jsonPath();
        assertEquals(ServingLake.LEDGERS * ServingLake.EVENTS_PER_LEDGER, j.getLong("rows[0].n"));
        assertEquals(ServingLake.LEDGERS, j.getLong("rows[0].ledgers"));
        String body = given().contentType("text/plain").body("SELECT max(ledger_sequence) AS top FROM token_transfer_events")
                .post("/v1/sql").then().statusCode(200).extract().asString();
        assertTrue(body.contains("\"top\":" + (ServingLake.FIRST + ServingLake.LEDGERS - 1)), body);

        List<Map<String, Object>> tables = given().get("/v1/tables").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> ttp = tables.stream().filter(t -> t.get("name").equals("token_transfer_events")).findFirst().orElseThrow();
        assertEquals(ServingLake.LEDGERS * ServingLake.EVENTS_PER_LEDGER, ((Number) ttp.get("rows")).intValue());
        assertTrue(ttp.get("columns").toString().contains("amount_decimal"), ttp.toString());

        // the pipeline's state: the lake sink runs, and its consumer group is listed with its topics and lag
        JsonPath status = given().get("/v1/status").then().statusCode(200).extract().jsonPath();
        assertEquals("RUNNING", status.getString("lake_sink.state"));
        List<Map<String, Object>> groups = status.getList("groups");
        Map<String, Object> sinkGroup = groups.stream().filter(g -> "quiver-sink".equals(g.get("group"))).findFirst().orElseThrow();
        assertTrue(((Number) sinkGroup.get("lag")).longValue() >= 0, groups.toString());
        assertTrue(sinkGroup.get("topics").toString().contains("stellar.ttp.events.v1"), groups.toString());

        // no ledgers were published: the ledger lookup is a 404 with the reason, not an error
        given().get("/v1/ledgers/1000").then().statusCode(404).body("error", org.hamcrest.Matchers.containsString("1000"));
        given().get("/v1/ledgers").then().statusCode(200).body("ledgers.size()", org.hamcrest.Matchers.is(0));
    }

    @Test
    void badInputIs400WithAOneLineReason() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("/v1/events?cursor=abc", "cursor");
        bad.put("/v1/events?types=swap", "types");
        bad.put("/v1/events?assets=USDC", "assets");
        bad.put("/v1/events?accounts=GBAD", "accounts");
        bad.put("/v1/events?contracts=GABC", "contracts");
        bad.put("/v1/events?min_amount=1.5", "min_amount");
        bad.put("/v1/events?limit=0", "limit");
        bad.put("/v1/events?from_ledger=x", "from_ledger");
        bad.put("/v1/events?from_ledger=9&to_ledger=3", "to_ledger");
        bad.put("/v1/stats/volume?period=week", "period");
        bad.put("/v1/stats/volume?from=yesterday", "from");
        bad.put("/v1/stats/top-accounts?asset=native," + USDC, "asset");
        bad.put("/v1/ledgers/-4", "sequence");
        bad.put("/v1/sql", "q");
        for (var e : bad.entrySet()) {
            Response r = given().urlEncodingEnabled(false).get(e.getKey());
            assertEquals(400, r.statusCode(), e.getKey() + ": " + r.asString());
            String error = r.jsonPath().getString("error");
            assertTrue(error.contains(e.getValue()) && !error.contains("\n"), e.getKey() + ": " + error);
        }
        given().header("Accept", "image/png").get("/v1/events").then().statusCode(org.hamcrest.Matchers.anyOf(
                org.hamcrest.Matchers.is(400), org.hamcrest.Matchers.is(406)));
    }

    @Test
    void queriesCannotWriteOrReadOutsideTheLakeAndStopAtTheirLimits() {
        Set<String> writes = Set.of(
                "DELETE FROM token_transfer_events",
                "COPY (SELECT 1) TO '" + ServingLake.lake() + "/token_transfer_events/evil.parquet'",
                "CREATE TABLE x AS SELECT 1",
                "SET memory_limit = '100GB'",
                "ATTACH '/tmp/x.db'",
                "SELECT 1; DROP VIEW token_transfer_events");
        for (String sql : writes) {
            Response r = given().queryParam("q", sql).get("/v1/sql");
            assertEquals(400, r.statusCode(), sql + ": " + r.asString());
        }
        Response outside = given().queryParam("q", "SELECT * FROM read_text('/etc/passwd')").get("/v1/sql");
        assertEquals(400, outside.statusCode(), outside.asString());
        assertTrue(outside.jsonPath().getString("error").contains("Permission"), outside.asString());
        assertFalse(Path.of(ServingLake.lake(), "token_transfer_events", "evil.parquet").toFile().exists());

        // over max-rows (5000 in the test profile): 413, with what to do
        Response many = given().queryParam("q", "SELECT * FROM range(6000)").get("/v1/sql");
        assertEquals(413, many.statusCode(), many.asString());
        assertTrue(many.jsonPath().getString("error").contains("max-rows"));
        // over the time limit (3 s in the test profile): cancelled, 504, and the service answers the next query
        Response slow = given().queryParam("q", "SELECT sum(hash(i)) FROM range(100000000000) t(i)").get("/v1/sql");
        assertEquals(504, slow.statusCode(), slow.asString());
        given().queryParam("q", "SELECT 42 AS x").get("/v1/sql").then().statusCode(200).body("rows[0].x", org.hamcrest.Matchers.is(42));
    }
}
