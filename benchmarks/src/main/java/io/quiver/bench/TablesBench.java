package io.quiver.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.synthetic.LedgerResequencer;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.schema.rows.ColumnRows;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import io.quiver.ttp.output.EventRows;
import io.quiver.ttp.pipeline.EventFilter;
import io.quiver.ttp.pipeline.EventRecords;
import io.quiver.ttp.pipeline.LedgerEvents;
import io.quiver.ttp.pipeline.NetworkPassphrases;
import io.quiver.ttp.pipeline.TtpPipeline;
import io.quiver.ttp.tables.LedgerTables;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@code ./quiver bench tables [RUNS [LEDGERS]]}: what the ledger tables cost. First the extraction
 * alone on one thread (decode and envelope matching included, rows into Arrow vectors): token
 * transfer events only (what ttp-service did before the tables), events and all three tables, and
 * the tables alone. Then the ttp-service hop through an in-process broker, tables off against
 * tables on (defaults otherwise: derived mode, Arrow output, contract events on). On the two Soroban
 * load tests' ledgers (100 transactions and 1,000-1,200 SAC transfers each) and on the five pubnet
 * ledgers, renumbered into LEDGERS; runs alternate, the first of each is warm-up; medians.
 */
public final class TablesBench {

    private record Dataset(String name, String passphrase, List<SourcedLedger> ledgers) {
    }

    /** The hop's three configurations. */
    private enum Hop { OFF, ON, ON_RAW_XDR }

    private enum Extraction { DECODE, EVENTS, EVENTS_AND_TABLES, TABLES, TABLES_RAW_XDR, TRANSACTIONS, OPERATIONS, INVOCATIONS }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        // -Dquiver.bench.only=load|pubnet: one data set (built only when asked for: 2,000 load-test ledgers are 3.6 GB)
        String only = System.getProperty("quiver.bench.only", "");
        List<Dataset> sets = new ArrayList<>();
        if ("load tests".startsWith(only)) { // "" starts every name: both
            sets.add(dataset("load tests (v22 + v24)", "load test network", count,
                    "synthetic-soroban-loadtest/load-test-ledgers-v22.xdr.zstd", "synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd"));
        }
        if ("pubnet".startsWith(only)) {
            sets.add(dataset("pubnet (5 ledgers, protocols 2-19)", "Public Global Stellar Network ; September 2015", count,
                    "mainnet/ttp-example-ledgers-base64.txt"));
        }
        System.out.printf(Locale.ROOT, "ledger tables benchmark: %d ledgers per data set, %d runs, %d cores, JDK %s%n", count, runs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try (RootAllocator allocator = new RootAllocator()) {
            System.out.println("extraction alone, one thread (ledgers/s, median):");
            for (Dataset d : Boolean.getBoolean("quiver.bench.hop-only") ? List.<Dataset>of() : sets) {
                extraction(d, runs, allocator);
            }
            if (Boolean.getBoolean("quiver.bench.extraction-only")) {
                System.exit(0);
            }
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
                Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
                System.out.println("ttp-service hop through the broker (ledgers/s from start to the last commit, median):");
                for (String b : System.getProperty("quiver.bench.batches", "1,16").split(",")) {
                    int perRecord = Integer.parseInt(b.trim());
                    System.out.printf(Locale.ROOT, " %d ledger(s) per input record (%s)%n", perRecord,
                            perRecord == 1 ? "ingest at the tip" : "ingest in a backfill batches up to 64 / 16 MiB");
                    for (Dataset d : sets) {
                        hop(broker, kafka, d, runs, perRecord, allocator);
                    }
                }
            }
        }
        System.exit(0);
    }

    private static Dataset dataset(String name, String passphrase, int count, String... files) throws Exception {
        List<byte[]> templates = new ArrayList<>();
        for (String f : files) {
            for (RawLedger r : LedgerFiles.read(XdrDecodeBenchmark.sharedStellar().resolve(f)).ledgers()) {
                templates.add(r.bytes());
            }
        }
        return new Dataset(name, passphrase, LedgerResequencer.sequence(templates, 1000, count));
    }

    /** A ledger decoded and its envelopes matched to their results, as the stage has it before any output is made. */
    private record Decoded(SourcedLedger ledger, LedgerView view, List<LedgerTransactions.Applied> txs) {
    }

    private static void extraction(Dataset d, int runs, BufferAllocator allocator) {
        byte[] networkId = NetworkIds.networkId(d.passphrase());
        DerivedEventsExtractor events = new DerivedEventsExtractor(d.passphrase());
        // the service's default: all tables, no raw XDR
        LedgerTables all = new LedgerTables(EnumSet.allOf(LedgerTables.Table.class), false);
        Map<Extraction, LedgerTables> tablesOf = new EnumMap<>(Extraction.class);
        tablesOf.put(Extraction.TABLES, all);
        tablesOf.put(Extraction.TABLES_RAW_XDR, new LedgerTables(EnumSet.allOf(LedgerTables.Table.class), true));
        tablesOf.put(Extraction.TRANSACTIONS, new LedgerTables(EnumSet.of(LedgerTables.Table.TRANSACTIONS), false));
        tablesOf.put(Extraction.OPERATIONS, new LedgerTables(EnumSet.of(LedgerTables.Table.OPERATIONS), false));
        tablesOf.put(Extraction.INVOCATIONS, new LedgerTables(EnumSet.of(LedgerTables.Table.INVOCATIONS), false));
        List<Decoded> decoded = new ArrayList<>();
        for (SourcedLedger l : d.ledgers()) {
            LedgerView view = new LedgerView(LedgerCloseMeta.fromXdr(l.xdr()));
            decoded.add(new Decoded(l, view, LedgerTransactions.of(view, networkId)));
        }
        Map<Extraction, List<Double>> rates = new EnumMap<>(Extraction.class);
        for (int r = 0; r <= runs; r++) {
            for (Extraction x : Extraction.values()) {
                long t0 = System.nanoTime();
                long n = 0;
                for (Decoded dl : decoded) {
                    LedgerView view = dl.view();
                    List<LedgerTransactions.Applied> txs = dl.txs();
                    if (x == Extraction.DECODE || x == Extraction.EVENTS || x == Extraction.EVENTS_AND_TABLES) {
                        // what the stage does per ledger before it makes any output: decode, match envelopes to results
                        view = new LedgerView(LedgerCloseMeta.fromXdr(dl.ledger().xdr()));
                        txs = LedgerTransactions.of(view, networkId);
                        n += txs.size();
                    }
                    if (x == Extraction.EVENTS || x == Extraction.EVENTS_AND_TABLES) {
                        n += EventRows.rows(events.extract(view, txs)).size();
                    }
                    LedgerTables t = x == Extraction.EVENTS_AND_TABLES ? all : tablesOf.get(x);
                    if (t != null) {
                        n += tables(t, view, dl.ledger().xdr(), txs, networkId, allocator);
                    }
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                if (r > 0 && n >= 0) {
                    rates.computeIfAbsent(x, k -> new ArrayList<>()).add(d.ledgers().size() / secs);
                }
            }
        }
        double ev = TtpHopBench.median(rates.get(Extraction.EVENTS));
        double both = TtpHopBench.median(rates.get(Extraction.EVENTS_AND_TABLES));
        System.out.printf(Locale.ROOT, "  %s%n    decode + match %.1f | events %.1f | events + tables %.1f (%.2fx, %.0f%% less)%n"
                        + "    tables alone on decoded ledgers: all %.1f | all with raw XDR %.1f | transactions %.1f | operations %.1f"
                        + " | invocations %.1f%n", d.name(), TtpHopBench.median(rates.get(Extraction.DECODE)), ev, both, both / ev,
                100 * (1 - both / ev), TtpHopBench.median(rates.get(Extraction.TABLES)),
                TtpHopBench.median(rates.get(Extraction.TABLES_RAW_XDR)), TtpHopBench.median(rates.get(Extraction.TRANSACTIONS)),
                TtpHopBench.median(rates.get(Extraction.OPERATIONS)), TtpHopBench.median(rates.get(Extraction.INVOCATIONS)));
    }

    /** The rows of the tables {@code t} makes of one ledger, into Arrow vectors (then freed); their count. */
    private static long tables(LedgerTables t, LedgerView view, byte[] lcm, List<LedgerTransactions.Applied> txs, byte[] networkId,
                               BufferAllocator allocator) {
        LedgerTables.Rows out = LedgerTables.Rows.empty();
        t.extract(view, lcm, txs, networkId, out);
        long n = 0;
        for (LedgerTables.Table table : t.tables()) {
            try (VectorSchemaRoot root = ColumnRows.newRoot(table.schema(), allocator)) {
                new ColumnRows(root).appendAll(out.of(table));
                n += root.getRowCount();
            }
        }
        return n;
    }

    private static void hop(EmbeddedKafkaBroker broker, Map<String, Object> kafka, Dataset d, int runs, int perRecord,
                            BufferAllocator allocator) throws Exception {
        String in = "bench.tables.in." + UUID.randomUUID().toString().substring(0, 8);
        broker.createTopics(6, in, in + ".dlq");
        TtpHopBench.writeLedgers(kafka, in, d.ledgers(), d.passphrase(), perRecord, (RootAllocator) allocator);
        Map<Hop, List<Double>> rates = new EnumMap<>(Hop.class);
        Map<Hop, Long> bytes = new EnumMap<>(Hop.class);
        for (int r = 0; r <= runs; r++) {
            for (Hop hop : Hop.values()) {
                boolean on = hop != Hop.OFF;
                String suffix = UUID.randomUUID().toString().substring(0, 8);
                Map<LedgerTables.Table, String> tableTopics = new EnumMap<>(LedgerTables.Table.class);
                if (on) {
                    for (LedgerTables.Table t : LedgerTables.Table.values()) {
                        tableTopics.put(t, "bench.tables." + t.name().toLowerCase(Locale.ROOT) + "." + suffix);
                        broker.createTopics(6, tableTopics.get(t));
                    }
                }
                EventRecords.Topics out = new EventRecords.Topics("bench.tables.events." + suffix, "bench.tables.proto." + suffix,
                        "bench.tables.contract." + suffix, tableTopics);
                broker.createTopics(6, out.events(), out.contractEvents());
                AtomicLong done = new AtomicLong();
                AtomicLong written = new AtomicLong();
                TtpPipeline p = new TtpPipeline(new TtpPipeline.Settings(in, "bench-" + suffix, suffix, KafkaClients.of(kafka), 8),
                        ArrowKafkaCodec.defaults(), allocator,
                        new LedgerEvents(false, true, EventFilter.ALL, new NetworkPassphrases(List.of(d.passphrase())),
                                new LedgerTables(tableTopics.keySet(), hop == Hop.ON_RAW_XDR)),
                        new EventRecords(ArrowKafkaCodec.defaults(), allocator, EventRecords.Mode.ARROW, out),
                        (records, n, x, dead, b) -> {
                            written.addAndGet(b);
                            done.addAndGet(n);
                        });
                long start = System.nanoTime();
                Thread t = new Thread(p);
                t.start();
                while (done.get() < d.ledgers().size()) {
                    Thread.sleep(2);
                }
                double secs = (System.nanoTime() - start) / 1e9;
                p.stop();
                t.join();
                if (r > 0) {
                    rates.computeIfAbsent(hop, k -> new ArrayList<>()).add(d.ledgers().size() / secs);
                    bytes.put(hop, written.get());
                }
            }
        }
        double off = TtpHopBench.median(rates.get(Hop.OFF));
        double on = TtpHopBench.median(rates.get(Hop.ON));
        double raw = TtpHopBench.median(rates.get(Hop.ON_RAW_XDR));
        System.out.printf(Locale.ROOT, "  %s%n    tables off %.1f (%.1f MB out) | tables on %.1f (%.2fx, %.0f%% less; %.1f MB)"
                        + " | tables on with raw XDR %.1f (%.2fx, %.0f%% less; %.1f MB)%n", d.name(), off, bytes.get(Hop.OFF) / 1e6,
                on, on / off, 100 * (1 - on / off), bytes.get(Hop.ON) / 1e6, raw, raw / off, 100 * (1 - raw / off),
                bytes.get(Hop.ON_RAW_XDR) / 1e6);
    }
}
