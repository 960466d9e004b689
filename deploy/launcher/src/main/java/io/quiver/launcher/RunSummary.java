package io.quiver.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What a run did, read back from the lake with DuckDB (so the numbers are what a user's query
 * will find), with the run's timings: printed as text and, with {@code --summary-json}, written as
 * JSON with the same numbers.
 */
final class RunSummary {

    /** When each stage had done its share, in seconds from the moment every service was ready. */
    record Timings(double wallSeconds, double ingestSeconds, double ttpSeconds, double lakeSeconds) {
    }

    static final List<String> QUERIES = List.of(
            "SELECT event_type, count(*) AS events, sum(amount_decimal) AS units FROM token_transfer_events GROUP BY ALL ORDER BY events DESC",
            "SELECT asset_code, count(*) AS transfers FROM token_transfer_events WHERE event_type = 'transfer' GROUP BY ALL ORDER BY transfers DESC LIMIT 5",
            "SELECT t.ledger_sequence, count(*) AS events, any_value(t.fee_charged) FROM token_transfer_events e JOIN transactions t "
                    + "ON e.tx_hash = t.transaction_hash GROUP BY ALL ORDER BY events DESC LIMIT 5");

    private final Map<String, Object> data = new LinkedHashMap<>();

    private RunSummary() {
    }

    Map<String, Object> data() {
        return data;
    }

    static RunSummary of(RunSource source, Path lake, Timings t, Map<String, long[]> lakeTables, Map<String, Long> deadLetters,
                         long lloRoundsPublished) throws IOException, SQLException {
        RunSummary s = new RunSummary();
        Map<String, Object> d = s.data;
        d.put("source", source.describe());
        d.put("network", source.passphrase());
        d.put("first_ledger", source.first());
        d.put("last_ledger", source.last().orElse(-1));
        long expected = source.expectedLedgers();
        try (LakeDb db = LakeDb.open(lake)) {
            long ledgers = db.number("ledgers", "SELECT count(*) FROM ledgers");
            d.put("ledgers", ledgers);
            d.put("ledgers_expected", expected);
            Map<String, Long> byType = new LinkedHashMap<>();
            if (db.has("token_transfer_events")) {
                List<List<String>> rows = db.rows("SELECT event_type, count(*) FROM token_transfer_events GROUP BY ALL ORDER BY 2 DESC");
                for (List<String> row : rows.subList(1, rows.size())) {
                    byType.put(row.get(0), Long.parseLong(row.get(1)));
                }
            }
            long events = byType.values().stream().mapToLong(Long::longValue).sum();
            d.put("token_transfer_events", events);
            d.put("token_transfer_events_by_type", byType);
            d.put("contract_events", db.number("contract_events", "SELECT count(*) FROM contract_events"));
            d.put("transactions", db.number("transactions", "SELECT count(*) FROM transactions"));
            d.put("failed_transactions", db.number("transactions", "SELECT count(*) FROM transactions WHERE NOT successful"));
            d.put("operations", db.number("operations", "SELECT count(*) FROM operations"));
            d.put("contract_invocations", db.number("contract_invocations", "SELECT count(*) FROM contract_invocations"));
            d.put("llo_rounds_published", lloRoundsPublished);
            d.put("llo_rounds", db.number("llo_aggregates", "SELECT count(DISTINCT round) FROM llo_aggregates"));
            d.put("llo_aggregates", db.number("llo_aggregates", "SELECT count(*) FROM llo_aggregates"));
            Map<String, Object> tables = new LinkedHashMap<>();
            lakeTables.forEach((table, v) -> tables.put(table, Map.of("rows", v[0], "files", v[1], "bytes", v[2],
                    "path", lake.resolve(table).toString())));
            d.put("lake", lake.toString());
            d.put("lake_tables", tables);
            d.put("dead_letters", deadLetters);
            d.put("wall_seconds", round(t.wallSeconds()));
            Map<String, Object> stages = new LinkedHashMap<>();
            stages.put("ingest", rate(ledgers, t.ingestSeconds(), "ledgers_per_second"));
            stages.put("ttp", rate(events, t.ttpSeconds(), "events_per_second"));
            long rows = lakeTables.values().stream().mapToLong(v -> v[0]).sum();
            stages.put("lake", rate(rows, t.lakeSeconds(), "rows_per_second"));
            d.put("stages", stages);
            d.put("queries", QUERIES);
        }
        return s;
    }

    private static Map<String, Object> rate(long n, double seconds, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("done_after_seconds", round(seconds));
        m.put(name, seconds > 0 ? round(n / seconds) : 0);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    @SuppressWarnings("unchecked")
    void print(PrintStream out, Path root) {
        Map<String, Object> d = data;
        out.println();
        out.println("== Quiver run summary ==");
        out.printf("source      %s (ledgers %s..%s)%n", d.get("source"), d.get("first_ledger"), d.get("last_ledger"));
        out.printf("network     %s%n", d.get("network"));
        out.printf("wall time   %.1f s%n", (double) d.get("wall_seconds"));
        Map<String, Map<String, Object>> stages = (Map<String, Map<String, Object>>) d.get("stages");
        stages.forEach((stage, m) -> out.printf("  %-7s done after %6.1f s  %s%n", stage, (double) m.get("done_after_seconds"),
                m.entrySet().stream().filter(e -> !e.getKey().equals("done_after_seconds"))
                        .map(e -> String.format("%,.0f %s", ((Number) e.getValue()).doubleValue(), e.getKey().replace("_per_second", "/s")))
                        .findFirst().orElse("")));
        out.printf("ledgers     %,d%n", (long) d.get("ledgers"));
        out.printf("token transfer events %,d: %s%n", (long) d.get("token_transfer_events"), d.get("token_transfer_events_by_type"));
        out.printf("contract events %,d   transactions %,d (%,d failed)   operations %,d   contract invocations %,d%n",
                (long) d.get("contract_events"), (long) d.get("transactions"), (long) d.get("failed_transactions"),
                (long) d.get("operations"), (long) d.get("contract_invocations"));
        out.printf("LLO rounds  %,d aggregated (%,d published), %,d stream aggregates%n", (long) d.get("llo_rounds"),
                (long) d.get("llo_rounds_published"), (long) d.get("llo_aggregates"));
        out.println("lake        " + d.get("lake"));
        ((Map<String, Map<String, Object>>) d.get("lake_tables")).forEach((table, m) -> out.printf("  %-22s %,12d rows %5d files %,14d bytes%n",
                table, (long) m.get("rows"), (long) m.get("files"), (long) m.get("bytes")));
        Map<String, Long> dead = (Map<String, Long>) d.get("dead_letters");
        out.println("dead letters " + (dead.values().stream().allMatch(v -> v == 0) ? "none" : dead.toString()));
        out.println("query the lake (DuckDB):");
        String quiver = root.resolve("quiver").toString();
        for (String q : QUERIES) {
            out.println("  " + quiver + " query --lake " + d.get("lake") + " \"" + q + "\"");
        }
    }

    void writeJson(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), data);
    }
}
