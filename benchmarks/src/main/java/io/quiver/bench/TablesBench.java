package io.quiver.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    private enum Extraction { EVENTS, EVENTS_AND_TABLES, TABLES }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<Dataset> sets = List.of(
                dataset("load tests (v22 + v24)", "load test network", count,
                        "synthetic-soroban-loadtest/load-test-ledgers-v22.xdr.zstd", "synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd"),
                dataset("pubnet (5 ledgers, protocols 2-19)", "Public Global Stellar Network ; September 2015", count,
                        "mainnet/ttp-example-ledgers-base64.txt"));
        System.out.printf(Locale.ROOT, "ledger tables benchmark: %d ledgers per data set, %d runs, %d cores, JDK %s%n", count, runs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try (RootAllocator allocator = new RootAllocator()) {
            System.out.println("extraction alone, one thread (ledgers/s, median):");
            for (Dataset d : sets) {
                extraction(d, runs, allocator);
            }
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
                Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
                System.out.println("ttp-service hop through the broker (ledgers/s from start to the last commit, median):");
                for (Dataset d : sets) {
                    hop(broker, kafka, d, runs, allocator);
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

    private static void extraction(Dataset d, int runs, BufferAllocator allocator) {
        byte[] networkId = NetworkIds.networkId(d.passphrase());
        DerivedEventsExtractor events = new DerivedEventsExtractor(d.passphrase());
        LedgerTables tables = new LedgerTables(EnumSet.allOf(LedgerTables.Table.class), true);
        Map<Extraction, List<Double>> rates = new EnumMap<>(Extraction.class);
        long rows = 0;
        for (int r = 0; r <= runs; r++) {
            for (Extraction x : Extraction.values()) {
                long t0 = System.nanoTime();
                long n = 0;
                for (SourcedLedger l : d.ledgers()) {
                    LedgerView view = new LedgerView(LedgerCloseMeta.fromXdr(l.xdr()));
                    List<LedgerTransactions.Applied> txs = LedgerTransactions.of(view, networkId);
                    if (x != Extraction.TABLES) {
                        n += EventRows.rows(events.extract(view, txs)).size();
                    }
                    if (x != Extraction.EVENTS) {
                        LedgerTables.Rows out = LedgerTables.Rows.empty();
                        tables.extract(view, txs, networkId, out);
                        for (LedgerTables.Table t : LedgerTables.Table.values()) {
                            try (VectorSchemaRoot root = ColumnRows.newRoot(t.schema(), allocator)) {
                                new ColumnRows(root).appendAll(out.of(t));
                                n += root.getRowCount();
                            }
                        }
                        if (x == Extraction.TABLES) {
                            rows = out.size();
                        }
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
        double alone = TtpHopBench.median(rates.get(Extraction.TABLES));
        System.out.printf(Locale.ROOT, "  %-36s events %8.1f | events + tables %8.1f (%.2fx, %.0f%% less) | tables alone %8.1f"
                + " (%d table rows in the last ledger)%n", d.name(), ev, both, both / ev, 100 * (1 - both / ev), alone, rows);
    }

    private static void hop(EmbeddedKafkaBroker broker, Map<String, Object> kafka, Dataset d, int runs, BufferAllocator allocator)
            throws Exception {
        String in = "bench.tables.in." + UUID.randomUUID().toString().substring(0, 8);
        broker.createTopics(6, in, in + ".dlq");
        TtpHopBench.writeLedgers(kafka, in, d.ledgers(), d.passphrase(), (RootAllocator) allocator);
        Map<Boolean, List<Double>> rates = new LinkedHashMap<>();
        Map<Boolean, Long> bytes = new HashMap<>();
        for (int r = 0; r <= runs; r++) {
            for (boolean on : new boolean[] {false, true}) {
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
                                new LedgerTables(tableTopics.keySet(), true)),
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
                    rates.computeIfAbsent(on, k -> new ArrayList<>()).add(d.ledgers().size() / secs);
                    bytes.put(on, written.get());
                }
            }
        }
        double off = TtpHopBench.median(rates.get(false));
        double on = TtpHopBench.median(rates.get(true));
        System.out.printf(Locale.ROOT, "  %-36s tables off %7.1f | tables on %7.1f (%.2fx, %.0f%% less) | output %.1f MB -> %.1f MB%n",
                d.name(), off, on, on / off, 100 * (1 - on / off), bytes.get(false) / 1e6, bytes.get(true) / 1e6);
    }
}
