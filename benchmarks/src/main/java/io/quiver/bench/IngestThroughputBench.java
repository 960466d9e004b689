package io.quiver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.files.Folders;
import io.quiver.ingest.IngestJob;
import io.quiver.ingest.source.CorruptObjectPolicy;
import io.quiver.ingest.source.LedgerRange;
import io.quiver.ingest.source.LedgerStream;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.source.datalake.DataLakeConfig;
import io.quiver.ingest.source.datalake.DataLakeSource;
import io.quiver.ingest.source.datalake.DataLakeWriter;
import io.quiver.ingest.source.datalake.LocalObjectStore;
import io.quiver.ingest.synthetic.LedgerResequencer;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code ./quiver bench ingest}: a Galexie data-lake folder to the ledgers topic of a real
 * in-process broker, through the same {@link IngestJob} the service runs (decode for the row
 * facts, Arrow batches, ZSTD IPC bodies, one Kafka transaction per batch with its checkpoint).
 * Lakes are built from real ledgers (pubnet ledgers of protocols 2-19, and the protocol-22 Soroban
 * load test of today's ledger size) renumbered in sequence. Each configuration runs several times
 * on a fresh topic; medians are reported, and the source alone (fetch + decompress, no Kafka) for
 * comparison. Not a JMH benchmark: one run is seconds of pipeline work including broker I/O.
 */
public final class IngestThroughputBench {

    private record Dataset(String name, String file, int ledgers) {
    }

    /** A run: totals, and the part after the first commit (start-up excluded: checkpoint read, producer init). */
    private record Result(double seconds, long ledgers, long xdrBytes, long recordBytes, double steadySeconds, long steadyLedgers) {
        double steadyLedgersPerSecond() {
            return steadySeconds <= 0 ? 0 : steadyLedgers / steadySeconds;
        }

        double ledgersPerSecond() {
            return ledgers / seconds;
        }

        double xdrMBps() {
            return xdrBytes / seconds / 1e6;
        }

        double recordMBps() {
            return recordBytes / seconds / 1e6;
        }
    }

    /** {@code -Dquiver.bench.compression=none} measures the pipeline without IPC body compression. */
    private static final ArrowKafkaCodec CODEC = new ArrowKafkaCodec(
            io.quiver.codec.IpcCompression.parse(System.getProperty("quiver.bench.compression", "zstd")),
            ArrowKafkaCodec.DEFAULT_MAX_RECORD_BYTES);

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Dataset> sets = List.of(
                new Dataset("pubnet (5 real ledgers, protocols 2-19, avg 293 KB)", "mainnet/ttp-example-ledgers-base64.txt", 1000),
                new Dataset("Soroban load test v22 (1.8 MB ledgers)", "synthetic-soroban-loadtest/load-test-ledgers-v22.xdr.zstd", 150));
        Path tmp = Files.createTempDirectory("quiver-bench-ingest");
        System.out.printf(Locale.ROOT, "ingest benchmark: %d runs per configuration, %d cores, JDK %s%n", runs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); RootAllocator allocator = new RootAllocator()) {
            for (Dataset d : sets) {
                List<byte[]> templates = new ArrayList<>();
                for (RawLedger r : LedgerFiles.read(XdrDecodeBenchmark.sharedStellar().resolve(d.file())).ledgers()) {
                    templates.add(r.bytes());
                }
                Path lake = tmp.resolve(d.file().replace('/', '_'));
                List<SourcedLedger> ledgers = LedgerResequencer.sequence(templates, 1000, d.ledgers());
                DataLakeWriter writer = new DataLakeWriter(new LocalObjectStore(lake), new DataLakeConfig(
                        "Public Global Stellar Network ; September 2015", 1, 64000, "zstd"));
                writer.writeConfig();
                writer.write(ledgers);
                long xdr = ledgers.stream().mapToLong(l -> l.xdr().length).sum();
                System.out.printf(Locale.ROOT, "%n%s: %d ledgers, %.1f MB of XDR, lake %.1f MB on disk (renumbered copies of the real ledgers)%n", d.name(), d.ledgers(),
                        xdr / 1e6, folderBytes(lake) / 1e6);
                wireRatio(allocator, templates);
                LedgerRange range = LedgerRange.bounded(1000, 1000 + d.ledgers() - 1);
                for (int prefetch : new int[] {1, 4}) {
                    List<Result> source = new ArrayList<>();
                    List<Result> full = new ArrayList<>();
                    for (int r = 0; r < runs; r++) {
                        source.add(sourceOnly(lake, prefetch, range));
                        full.add(toTopic(broker, allocator, lake, prefetch, range));
                    }
                    report("source only, prefetch " + prefetch, source);
                    report("lake -> topic, prefetch " + prefetch, full);
                }
            }
        } finally {
            Folders.deleteTree(tmp);
        }
    }

    /**
     * The renumbered lakes repeat a few ledgers, which ZSTD compresses far better than real history:
     * the size on the wire is therefore measured on one batch of the distinct real ledgers.
     */
    private static void wireRatio(RootAllocator allocator, List<byte[]> templates) throws Exception {
        byte[] networkId = new byte[32];
        long xdr = 0;
        try (var root = io.quiver.schema.rows.StellarLedgerVectors.newRoot(allocator)) {
            var v = new io.quiver.schema.rows.StellarLedgerVectors(root);
            for (byte[] t : templates) {
                long seq = new io.quiver.stellar.ledger.LedgerView(new RawLedger("t", t, 0, t.length).decode()).sequence();
                v.append(io.quiver.ingest.publish.StellarLedgerRows.of(new SourcedLedger(seq, t, "t"), networkId, "datalake"));
                xdr += t.length;
            }
            long wire = CODEC.encode(root, io.quiver.codec.BatchLabel.none()).stream().mapToLong(r -> r.value().length).sum();
            System.out.printf(Locale.ROOT, "  one batch of the %d distinct real ledgers: %.2f MB of XDR -> %.2f MB on the wire (%.1fx, %s)%n",
                    templates.size(), xdr / 1e6, wire / 1e6, (double) xdr / wire, CODEC.compression());
        }
    }

    private static Result sourceOnly(Path lake, int prefetch, LedgerRange range) throws Exception {
        long start = System.nanoTime();
        long n = 0;
        long bytes = 0;
        try (DataLakeSource source = DataLakeSource.open(new LocalObjectStore(lake), settings(prefetch), Optional.empty());
             LedgerStream s = source.open(range)) {
            for (var item = s.next(); item != null; item = s.next()) {
                n++;
                bytes += ((SourcedLedger) item).xdr().length;
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return new Result(secs, n, bytes, 0, secs, n);
    }

    private static Result toTopic(EmbeddedKafkaBroker broker, RootAllocator allocator, Path lake, int prefetch,
                                  LedgerRange range) throws Exception {
        String topic = "bench.ledgers." + UUID.randomUUID().toString().substring(0, 8);
        broker.createTopics(6, topic);
        AtomicLong ledgers = new AtomicLong();
        AtomicLong xdr = new AtomicLong();
        AtomicLong records = new AtomicLong();
        AtomicLong firstCommitAt = new AtomicLong();
        AtomicLong firstCommitLedgers = new AtomicLong();
        IngestJob job = new IngestJob(new IngestJob.Settings("bench-" + UUID.randomUUID(), range, topic, 16L << 20, 64,
                io.quiver.kafka.KafkaClients.plaintext(broker.bootstrapServers())), CODEC, allocator,
                (n, x, b, next) -> {
                    if (firstCommitAt.get() == 0) {
                        firstCommitAt.set(System.nanoTime());
                        firstCommitLedgers.set(n);
                    }
                    ledgers.addAndGet(n);
                    xdr.addAndGet(x);
                    records.addAndGet(b);
                });
        long start = System.nanoTime();
        try (DataLakeSource source = DataLakeSource.open(new LocalObjectStore(lake), settings(prefetch), Optional.empty())) {
            job.run(source);
        }
        long end = System.nanoTime();
        return new Result((end - start) / 1e9, ledgers.get(), xdr.get(), records.get(), (end - firstCommitAt.get()) / 1e9,
                ledgers.get() - firstCommitLedgers.get());
    }

    private static DataLakeSource.Settings settings(int prefetch) {
        return new DataLakeSource.Settings(prefetch, Duration.ofSeconds(1), CorruptObjectPolicy.STOP, 1);
    }

    private static void report(String what, List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(Result::ledgersPerSecond));
        Result median = sorted.get(sorted.size() / 2);
        StringBuilder all = new StringBuilder();
        for (Result r : results) {
            all.append(String.format(Locale.ROOT, " %.0f", r.ledgersPerSecond()));
        }
        List<Double> steady = results.stream().map(Result::steadyLedgersPerSecond).sorted().toList();
        System.out.printf(Locale.ROOT, "  %-28s median %6.0f ledgers/s %7.1f MB/s XDR %6.1f MB/s on the wire; after start-up %6.0f ledgers/s"
                + " (runs:%s)%n", what, median.ledgersPerSecond(), median.xdrMBps(), median.recordMBps(),
                steady.get(steady.size() / 2), all);
    }

    private static long folderBytes(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
