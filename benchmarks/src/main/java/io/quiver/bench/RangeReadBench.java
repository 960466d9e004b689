package io.quiver.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.files.Folders;
import io.quiver.ingest.IngestJob;
import io.quiver.ingest.read.LedgerTopicReader;
import io.quiver.ingest.source.CorruptObjectPolicy;
import io.quiver.ingest.source.LedgerRange;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.source.datalake.DataLakeConfig;
import io.quiver.ingest.source.datalake.DataLakeSource;
import io.quiver.ingest.source.datalake.DataLakeWriter;
import io.quiver.ingest.source.datalake.LocalObjectStore;
import io.quiver.ingest.synthetic.LedgerResequencer;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.LedgerOffsetIndex;
import io.quiver.kafka.LedgerOrderedReader;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.schema.rows.StellarLedgerVectors;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@code ./quiver bench range-read}: what a Flight or gRPC range request costs on a ledgers topic
 * holding many ledgers, read by a server that knows nothing of the topic (a fresh offset index,
 * as every request was served before the index) and by one whose index was learnt by an earlier
 * request. The topic is filled by the ingest job from renumbered real pubnet ledgers, a few
 * ledgers per record as when ingest follows the tip. Medians of several requests each.
 */
public final class RangeReadBench {

    private static final ArrowKafkaCodec CODEC = ArrowKafkaCodec.defaults();

    private record Read(double millis, long fetched, long ledgers) {
    }

    public static void main(String[] args) throws Exception {
        int ledgers = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int perRecord = 4;
        Path lake = Files.createTempDirectory("quiver-bench-range");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); RootAllocator allocator = new RootAllocator()) {
            List<byte[]> templates = new ArrayList<>();
            for (RawLedger r : LedgerFiles.read(XdrDecodeBenchmark.sharedStellar().resolve("mainnet/ttp-example-ledgers-base64.txt")).ledgers()) {
                templates.add(r.bytes());
            }
            List<SourcedLedger> sourced = LedgerResequencer.sequence(templates, 1000, ledgers);
            DataLakeWriter writer = new DataLakeWriter(new LocalObjectStore(lake), new DataLakeConfig(
                    "Public Global Stellar Network ; September 2015", 1, 64000, "zstd"));
            writer.writeConfig();
            writer.write(sourced);
            String topic = "bench.range." + System.nanoTime();
            broker.createTopics(6, topic);
            KafkaClients kafka = KafkaClients.plaintext(broker.bootstrapServers());
            LedgerRange range = LedgerRange.bounded(1000, 1000 + ledgers - 1);
            long[] records = {0};
            IngestJob job = new IngestJob(new IngestJob.Settings("bench-range", range, topic, 16L << 20, perRecord, kafka),
                    CODEC, allocator, (n, x, b, next) -> records[0]++);
            try (DataLakeSource source = DataLakeSource.open(new LocalObjectStore(lake),
                    new DataLakeSource.Settings(4, Duration.ofSeconds(1), CorruptObjectPolicy.STOP, 1), Optional.empty())) {
                job.run(source);
            }
            System.out.printf(Locale.ROOT, "range-read benchmark: %d ledgers (renumbered pubnet) in %d records on 6 partitions, %d requests each, %d cores%n",
                    ledgers, records[0], runs, Runtime.getRuntime().availableProcessors());

            long last = 1000L + ledgers - 1;
            LedgerOffsetIndex learnt = new LedgerOffsetIndex();
            new LedgerTopicReader(kafka, topic, CODEC, allocator, learnt).read(1000, OptionalLong.of(last), row -> true);
            for (long[] r : new long[][] {{last - 9, last}, {1000 + ledgers / 2, 1000 + ledgers / 2 + 9}, {1000, 1009}}) {
                List<Read> cold = new ArrayList<>();
                List<Read> warm = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    cold.add(read(kafka, topic, allocator, new LedgerOffsetIndex(), r[0], r[1]));
                    warm.add(read(kafka, topic, allocator, learnt, r[0], r[1]));
                }
                Read c = median(cold);
                Read w = median(warm);
                System.out.printf(Locale.ROOT, "  ledgers %d..%d: no index %7.1f ms (%d records fetched); learnt index %6.1f ms (%d records fetched); %.1fx%n",
                        r[0], r[1], c.millis(), c.fetched(), w.millis(), w.fetched(), c.millis() / w.millis());
            }
        } finally {
            Folders.deleteTree(lake);
        }
    }

    private static Read read(KafkaClients kafka, String topic, RootAllocator allocator, LedgerOffsetIndex index,
                             long first, long last) throws Exception {
        long start = System.nanoTime();
        long[] n = {0};
        // the reader under Flight's and gRPC's ledger readers, for its count of records fetched
        long fetched = new LedgerOrderedReader(kafka, topic, StellarLedgerSchema.SCHEMA, CODEC, allocator, index)
                .read(first, OptionalLong.of(last), (f, l, batch) -> {
                    for (VectorSchemaRoot root : batch.batches()) {
                        StellarLedgerVectors v = new StellarLedgerVectors(root);
                        for (int i = 0; i < root.getRowCount(); i++) {
                            if (v.sequence(i) >= first && v.sequence(i) <= last) {
                                n[0]++;
                            }
                        }
                    }
                    return true;
                });
        if (n[0] != last - first + 1) {
            throw new IllegalStateException("read " + n[0] + " ledgers of " + first + ".." + last);
        }
        return new Read((System.nanoTime() - start) / 1e6, fetched, n[0]);
    }

    private static Read median(List<Read> reads) {
        List<Read> sorted = new ArrayList<>(reads);
        sorted.sort(Comparator.comparingDouble(Read::millis));
        return sorted.get(sorted.size() / 2);
    }
}
