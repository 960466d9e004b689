package io.quiver.sink.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTest;
import io.quiver.lake.testing.LakeDuck;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.sink.testing.ServingLake;
import jakarta.inject.Inject;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flight SQL through the Arrow Flight SQL JDBC driver (as DBeaver and other JDBC tools use it) and
 * plain Flight through Arrow's client, against the lake the running service wrote; results checked
 * against DuckDB on the same files and against the published events.
 */
@QuarkusTest
class FlightSqlTest {

    @Inject
    LakeFlightServer flight;

    @BeforeEach
    void lake() throws Exception {
        ServingLake.ensure();
    }

    private Connection jdbc() throws SQLException {
        return DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:" + flight.port() + "?useEncryption=false");
    }

    @Test
    void jdbcListsTheTablesAndAggregatesEqualToDuckDb() throws Exception {
        try (Connection c = jdbc()) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet t = md.getTables(null, null, "%", null)) {
                while (t.next()) {
                    tables.add(t.getString("TABLE_NAME"));
                    assertEquals(LakeSqlProducer.CATALOG, t.getString("TABLE_CAT"));
                }
            }
            assertTrue(tables.contains("token_transfer_events"), tables.toString());
            List<String> columns = new ArrayList<>();
            try (ResultSet cols = md.getColumns(null, null, "token_transfer_events", "%")) {
                while (cols.next()) {
                    columns.add(cols.getString("COLUMN_NAME"));
                }
            }
            assertTrue(columns.containsAll(List.of("event_id", "amount_decimal", "ledger_sequence")), columns.toString());
            try (ResultSet cat = md.getCatalogs()) {
                assertTrue(cat.next());
                assertEquals(LakeSqlProducer.CATALOG, cat.getString(1));
            }
            try (ResultSet sch = md.getSchemas()) {
                assertTrue(sch.next());
                assertEquals(LakeSqlProducer.SCHEMA, sch.getString("TABLE_SCHEM"));
            }
            assertTrue(md.getDatabaseProductName().contains("Quiver"), md.getDatabaseProductName());

            String sql = "SELECT asset_code, sum(amount_decimal) AS volume, count(*) AS n FROM token_transfer_events "
                    + "GROUP BY asset_code ORDER BY asset_code NULLS FIRST";
            List<String> viaFlight = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    viaFlight.add(r.getString(1) + "|" + r.getBigDecimal(2).toPlainString() + "|" + r.getLong(3));
                }
            }
            List<String> viaDuck = new ArrayList<>();
            try (LakeDuck duck = new LakeDuck(Path.of(ServingLake.lake()))) {
                for (String row : duck.rows("SELECT asset_code, sum(amount_decimal)::VARCHAR, count(*) FROM "
                        + duck.table("token_transfer_events", "parquet") + " GROUP BY asset_code ORDER BY asset_code NULLS FIRST")) {
                    viaDuck.add(row.replace(" ", ""));
                }
            }
            assertEquals(6, viaFlight.size());
            assertEquals(viaDuck.stream().map(x -> x.replace("null", "null")).toList(), viaFlight);

            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM memory.main.token_transfer_events WHERE event_type = 'fee'");
                 ResultSet r = ps.executeQuery()) {
                assertTrue(r.next());
                assertEquals(ServingLake.expected().stream().filter(e -> e.eventType().equals("fee")).count(), r.getLong(1));
            }
            SQLException bad = assertThrows(SQLException.class, () -> c.createStatement().executeQuery("SELEC 1"));
            assertTrue(String.valueOf(bad.getMessage()).contains("syntax"), bad.getMessage());
            SQLException write = assertThrows(SQLException.class, () -> c.createStatement().executeQuery("DROP VIEW token_transfer_events"));
            assertTrue(String.valueOf(write.getMessage()).contains("only a single SELECT"), write.getMessage());
        }
    }

    @Test
    void plainFlightOneEndpointPerFileAndEventRangeTickets() throws Exception {
        try (RootAllocator a = new RootAllocator();
             FlightClient client = FlightClient.builder(a, Location.forGrpcInsecure("127.0.0.1", flight.port())).build()) {
            Set<String> flights = new HashSet<>();
            client.listFlights(org.apache.arrow.flight.Criteria.ALL).forEach(f -> flights.add(f.getDescriptor().getPath().get(0)));
            assertTrue(flights.contains("token_transfer_events"), flights.toString());

            FlightInfo info = client.getInfo(FlightDescriptor.path("token_transfer_events"));
            assertTrue(info.getOrdered());
            assertTrue(info.getEndpoints().size() > 1);
            long rows = 0;
            Set<String> ids = new HashSet<>();
            for (FlightEndpoint e : info.getEndpoints()) {
                try (FlightStream s = client.getStream(e.getTicket())) {
                    while (s.next()) {
                        rows += s.getRoot().getRowCount();
                        for (int i = 0; i < s.getRoot().getRowCount(); i++) {
                            ids.add(s.getRoot().getVector("event_id").getObject(i).toString());
                        }
                    }
                }
            }
            assertEquals(ServingLake.expected().size(), rows);
            assertEquals(ServingLake.expected().size(), ids.size());
            assertEquals(rows, info.getRecords());

            // DoGet ttp_events:START:END:FILTERS, as ingest and ttp serve it, from the lake
            String issuer = "GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN";
            List<String> want = ServingLake.expected().stream().filter(e -> e.ledgerSequence() >= 1005 && e.ledgerSequence() <= 1015
                    && e.eventType().equals("transfer") && "EURC".equals(e.assetCode())).map(TokenTransferEventRow::eventId).toList();
            List<String> got = new ArrayList<>();
            try (FlightStream s = client.getStream(new Ticket(("ttp_events:1005:1015:type=transfer;asset=EURC:" + issuer)
                    .getBytes(StandardCharsets.UTF_8)))) {
                while (s.next()) {
                    // the lake's types: tx_hash is binary there, so read by column name
                    for (int i = 0; i < s.getRoot().getRowCount(); i++) {
                        got.add(s.getRoot().getVector("event_id").getObject(i).toString());
                    }
                    assertTrue(s.getRoot().getSchema().findField("amount_decimal") != null);
                }
            }
            assertEquals(want, got);

            for (String bad : List.of("ttp_events:x:2", "ttp_events:1:2:colour=red", "lake:../../etc/passwd", "lake:token_transfer_events/x",
                    "nonsense")) {
                FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> {
                    try (FlightStream s = client.getStream(new Ticket(bad.getBytes(StandardCharsets.UTF_8)))) {
                        while (s.next()) {
                            // drain
                        }
                    }
                });
                assertEquals(CallStatus.INVALID_ARGUMENT.code(), e.status().code(), bad + ": " + e.getMessage());
            }
        }
    }

    @Test
    void aCancelledQueryGivesItsSlotBack() throws Exception {
        try (RootAllocator a = new RootAllocator();
             FlightSqlClient sql = new FlightSqlClient(FlightClient.builder(a, Location.forGrpcInsecure("127.0.0.1", flight.port())).build())) {
            // more slow queries than slots (4), each cancelled by its client: the slots come back and later queries run
            for (int i = 0; i < 6; i++) {
                FlightInfo info = sql.execute("SELECT sum(hash(i)) FROM range(100000000000) t(i)");
                FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket());
                Thread.sleep(300);
                sql.cancelFlightInfo(new org.apache.arrow.flight.CancelFlightInfoRequest(info));
                stream.cancel("client gave up", null);
                try {
                    stream.close();
                } catch (Exception e) {
                    // a cancelled stream may report its cancellation on close
                }
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    FlightInfo info = sql.execute("SELECT 41 + 1 AS x");
                    try (FlightStream s = sql.getStream(info.getEndpoints().get(0).getTicket())) {
                        assertTrue(s.next());
                        assertEquals(42, ((Number) s.getRoot().getVector("x").getObject(0)).intValue());
                    }
                    return;
                } catch (FlightRuntimeException e) {
                    last = e;
                    Thread.sleep(100);
                }
            }
            throw new AssertionError("the slots did not come back after the cancels", last);
        }
    }
}
