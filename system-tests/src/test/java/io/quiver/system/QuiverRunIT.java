package io.quiver.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.ingest.synthetic.MainnetLikeLedgers;
import io.quiver.launcher.QuiverCli;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.testing.Environment;
import io.quiver.testing.SharedLedgers;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import io.quiver.ttp.model.TokenTransferEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quiver run}, the README's first command, as a user runs it: the launcher starts the
 * in-process broker and the four packaged services, feeds them a source, waits for the lake, prints
 * the summary and stops everything. DuckDB then reads the lake on its own (globbing the files, not
 * through Quiver's manifest views) and must find exactly what the summary printed, and what the
 * source holds: the generator's own events, or {@code ./quiver ttp} on the same real file.
 */
class QuiverRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void isolate() {
        System.setProperty("quiver.home", Environment.repoDir().toString());
        System.setProperty("quiver.state", tmp.resolve("state").toString());
    }

    @AfterAll
    static void restore() {
        System.clearProperty("quiver.state");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result quiver(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = QuiverCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** DuckDB over a table's files found by glob (the lake is finished: nothing is being written). */
    private static String glob(Path lake, String table) {
        return "read_parquet('" + lake.resolve(table) + "/**/*.parquet', hive_partitioning = true)";
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void theDemoEndsWithALakeHoldingExactlyWhatTheSummaryPrintedAndTheGeneratorMade() throws Exception {
        Path lake = tmp.resolve("demo-lake");
        Path summary = tmp.resolve("demo-summary.json");
        int ledgers = 12;
        int transactions = 150;
        Result r = quiver("run", "--ledgers", String.valueOf(ledgers), "--transactions", String.valueOf(transactions), "--seed", "7",
                "--lake", lake.toString(), "--summary-json", summary.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("== Quiver run summary =="), r.out());
        JsonNode s = JSON.readTree(summary.toFile());

        // what the generator made, extracted here without any service
        MainnetLikeLedgers g = new MainnetLikeLedgers(new MainnetLikeLedgers.Settings(7, transactions, 2000, NetworkIds.QUIVER_GENERATED));
        DerivedEventsExtractor extractor = new DerivedEventsExtractor(NetworkIds.QUIVER_GENERATED);
        Map<String, Long> byType = new TreeMap<>();
        long txs = 0;
        for (int i = 0; i < ledgers; i++) {
            LedgerCloseMeta meta = g.nextMeta();
            txs += meta.v2().txProcessing().size();
            for (TokenTransferEvent e : extractor.extract(meta)) {
                byType.merge(e.type().name().toLowerCase(), 1L, Long::sum);
            }
        }
        long events = byType.values().stream().mapToLong(Long::longValue).sum();

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            String tte = glob(lake, "token_transfer_events");
            assertEquals(ledgers, count(db, "SELECT count(*) FROM " + glob(lake, "ledgers")));
            assertEquals(ledgers, s.path("ledgers").asLong());
            assertEquals(events, count(db, "SELECT count(*) FROM " + tte));
            assertEquals(events, count(db, "SELECT count(DISTINCT event_id) FROM " + tte), "every event once");
            assertEquals(events, s.path("token_transfer_events").asLong());
            for (var e : byType.entrySet()) {
                assertEquals(e.getValue(), count(db, "SELECT count(*) FROM " + tte + " WHERE event_type = '" + e.getKey() + "'"), e.getKey());
                assertEquals(e.getValue(), s.path("token_transfer_events_by_type").path(e.getKey()).asLong(), e.getKey());
            }
            assertEquals(txs, count(db, "SELECT count(*) FROM " + glob(lake, "transactions")));
            assertEquals(txs, s.path("transactions").asLong());
            assertEquals(s.path("operations").asLong(), count(db, "SELECT count(*) FROM " + glob(lake, "operations")));
            assertEquals(s.path("contract_events").asLong(), count(db, "SELECT count(*) FROM " + glob(lake, "contract_events")));
            assertTrue(s.path("contract_events").asLong() > 0, "the SAC and SEP-41 calls' contract events");
            long rounds = count(db, "SELECT count(DISTINCT round) FROM " + glob(lake, "llo_aggregates"));
            assertEquals(s.path("llo_rounds").asLong(), rounds);
            assertTrue(rounds >= 5, rounds + " oracle rounds aggregated");
            long files;
            try (Stream<Path> walk = Files.walk(lake.resolve("token_transfer_events"))) {
                files = walk.filter(p -> p.toString().endsWith(".parquet")).count();
            }
            assertEquals(files, s.path("lake_tables").path("token_transfer_events").path("files").asLong());
        }
        s.path("dead_letters").fields().forEachRemaining(e -> assertEquals(0, e.getValue().asLong(), e.getKey()));

        Result q = quiver("query", "--lake", lake.toString(), "SELECT count(*) AS n FROM token_transfer_events");
        assertEquals(0, q.code(), q.err());
        assertEquals("n\n" + events + "\n", q.out());
    }

    /**
     * One file of each kind and network in ../shared/stellar, each run alone (about 25 s a run);
     * {@code -Dquiver.test.all-files=true} runs every file there (57 runs, about 25 minutes).
     */
    static List<SharedLedgers.LedgerFileCase> realFiles() {
        Path root = Environment.sharedStellar();
        if (Boolean.getBoolean("quiver.test.all-files")) {
            return SharedLedgers.all();
        }
        return List.of(
                new SharedLedgers.LedgerFileCase(root.resolve("mainnet/ttp-example-ledgers-base64.txt"), SharedLedgers.PUBNET),
                new SharedLedgers.LedgerFileCase(root.resolve("synthetic-soroban-loadtest/load-test-ledgers-v22.xdr.zstd"), SharedLedgers.LOAD_TEST),
                new SharedLedgers.LedgerFileCase(root.resolve("synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd"), SharedLedgers.LOAD_TEST),
                new SharedLedgers.LedgerFileCase(root.resolve("galexie-testbucket/FFFFFC18--999.xdr.zstd"), SharedLedgers.TESTNET),
                new SharedLedgers.LedgerFileCase(root.resolve("rpc-json/stellar-docs-openrpc-getLedgers-example.json"), SharedLedgers.TESTNET),
                new SharedLedgers.LedgerFileCase(root.resolve("core-golden/unified-events/" + newest(root.resolve("core-golden/unified-events"))),
                        SharedLedgers.CORE_TESTS));
    }

    private static String newest(Path dir) throws RuntimeException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xdr")).max(String::compareTo).orElseThrow();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRunOnEachRealLedgerFileLeavesTheEventsQuiverTtpFinds() throws Exception {
        int i = 0;
        for (SharedLedgers.LedgerFileCase c : realFiles()) {
            Path lake = tmp.resolve("real-lake-" + i++);
            Result ttp = quiver("ttp", "--network", c.passphrase(), c.path().toString());
            assertEquals(0, ttp.code(), c + ": " + ttp.err());
            List<String> expected = new ArrayList<>();
            for (String line : ttp.out().split("\n")) {
                if (!line.isBlank()) {
                    expected.add(fact(JSON.readTree(line)));
                }
            }
            Result run = quiver("run", "--files", c.path().toString(), "--network", c.passphrase(), "--lake", lake.toString(),
                    "--llo-nodes", "0");
            assertEquals(0, run.code(), c + ": " + run.out() + run.err());
            List<String> found = new ArrayList<>();
            if (!expected.isEmpty() || Files.isDirectory(lake.resolve("token_transfer_events"))) {
                try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement();
                     ResultSet r = s.executeQuery("SELECT event_id, ledger_sequence, lower(hex(tx_hash)), event_type, \"from\", \"to\", "
                             + "CASE WHEN asset_type = 'native' THEN 'native' WHEN asset_type IS NULL THEN '' ELSE asset_code || ':' || asset_issuer END, "
                             + "amount FROM " + glob(lake, "token_transfer_events"))) {
                    HashSet<String> ids = new HashSet<>();
                    while (r.next()) {
                        assertTrue(ids.add(r.getString(1)), c + ": event " + r.getString(1) + " twice in the lake");
                        found.add(String.join("|", r.getString(2), r.getString(3), r.getString(4), nz(r.getString(5)), nz(r.getString(6)),
                                r.getString(7), r.getString(8)));
                    }
                }
            }
            assertEquals(sorted(expected), sorted(found), c + ": the lake's events are not ./quiver ttp's");
        }
    }

    /** The facts of one protojson event of {@code ./quiver ttp}, as the lake's columns say them. */
    private static String fact(JsonNode e) {
        JsonNode meta = e.path("meta");
        String type = null;
        JsonNode body = null;
        for (String t : List.of("transfer", "mint", "burn", "clawback", "fee")) {
            if (e.has(t)) {
                type = t;
                body = e.path(t);
            }
        }
        JsonNode asset = body.path("asset");
        String a = asset.path("native").asBoolean(false) ? "native"
                : asset.has("issuedAsset") ? asset.path("issuedAsset").path("assetCode").asText() + ":" + asset.path("issuedAsset").path("issuer").asText()
                : "";
        return String.join("|", meta.path("ledgerSequence").asText(), meta.path("txHash").asText(), type, body.path("from").asText(""),
                body.path("to").asText(""), a, body.path("amount").asText());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }
}
