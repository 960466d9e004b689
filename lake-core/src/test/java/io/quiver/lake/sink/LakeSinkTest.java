package io.quiver.lake.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.kafka.KafkaClients;
import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.format.ParquetCodec;
import io.quiver.lake.format.WriterOptions;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.store.LocalLakeStore;
import io.quiver.lake.table.LakeTables;
import io.quiver.lake.table.PartitionKey;
import io.quiver.lake.table.TableSpec;
import io.quiver.lake.testing.LakeDuck;
import io.quiver.lake.testing.SinkRun;
import io.quiver.lake.testing.TtpEventBatches;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowAllocatorExtension.class)
class LakeSinkTest {

    private static final int EVENTS_PER_LEDGER = 90;
    private static final int LEDGERS_PER_BATCH = 10;

    @TempDir
    Path dir;

    private final ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
    private final TtpEventBatches gen = new TtpEventBatches(7, EVENTS_PER_LEDGER);

    /** Produces {@code batches} batches of consecutive ledgers, spread over the partitions by ledger range. */
    private void produce(BufferAllocator allocator, String topic, int partitions, long firstLedger, int batches) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            for (int b = 0; b < batches; b++) {
                long first = firstLedger + (long) b * LEDGERS_PER_BATCH;
                try (VectorSchemaRoot root = gen.batch(allocator, first, LEDGERS_PER_BATCH)) {
                    for (EncodedRecord r : codec.encode(root, BatchLabel.ledgers(first, first + LEDGERS_PER_BATCH - 1))) {
                        p.send(new ProducerRecord<>(topic, b % partitions, Long.toString(first).getBytes(), r.value(), r.headers()));
                    }
                }
            }
            p.flush();
        }
    }

    private LakeSinkOptions options(TableSpec table, LakeFormat format, Duration maxAge, String group) {
        return new LakeSinkOptions(List.of(table), format, WriterOptions.defaults().withCodec(ParquetCodec.SNAPPY), 128L << 20,
                1_000_000, maxAge, 64, 256L << 20, group, "test1", Duration.ofHours(1));
    }

    private LakeSink sink(LakeSinkOptions o, BufferAllocator allocator, LocalLakeStore store) {
        return new LakeSink(o, KafkaClients.plaintext(TestKafka.broker().bootstrapServers()), codec, allocator, store,
                new SimpleMeterRegistry(), () -> { });
    }

    @Test
    void duckDbReadsTheLakeWithTheProducedCountsPerAssetSumsAndEveryEventOnce(BufferAllocator allocator) throws Exception {
        String topic = TestKafka.freshTopic("lake.ttp", 3);
        int batches = 14; // 140 ledgers from 23:50 cross midnight
        produce(allocator, topic, 3, 1, batches);
        TableSpec table = new TableSpec(LakeTables.TOKEN_TRANSFER_EVENTS, topic,
                List.of(PartitionKey.parse("date"), PartitionKey.parse("event_type")), "closed_at", "ledger_sequence", 10_000,
                Set.of(), Map.of(), null);
        Path lake = dir.resolve("lake");
        try (LocalLakeStore store = new LocalLakeStore(lake); Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.broker().bootstrapServers()))) {
            LakeSnapshot s;
            try (SinkRun run = new SinkRun(sink(options(table, LakeFormat.PARQUET, Duration.ofSeconds(1), "g-" + topic), allocator, store))) {
                s = SinkRun.awaitCovered(store, admin, topic, 3, Duration.ofSeconds(60));
            }
            Map<String, BigInteger> sums = new TreeMap<>();
            long events = 0;
            for (long ledger = 1; ledger <= (long) batches * LEDGERS_PER_BATCH; ledger++) {
                for (int e = 0; e < EVENTS_PER_LEDGER; e++) {
                    TokenTransferEventRow row = gen.row(ledger, e);
                    sums.merge(String.valueOf(row.assetCode()), row.amount(), BigInteger::add);
                    events++;
                }
            }
            try (LakeDuck duck = new LakeDuck(lake)) {
                String t = duck.table("token_transfer_events", "parquet");
                assertEquals(events, duck.count("select count(*) from " + t));
                assertEquals(events, duck.count("select count(distinct event_id) from " + t));
                List<String> got = duck.rows("select coalesce(asset_code, 'null'), sum(amount_decimal)::varchar from " + t
                        + " group by 1 order by 1");
                List<String> want = sums.entrySet().stream().map(e -> e.getKey() + "|" + e.getValue()).sorted().toList();
                assertEquals(want, got);
                // the folders hold what they say: date of closed_at, event_type of the rows
                assertEquals(0, duck.count("select count(*) from " + t + " where date <> cast(closed_at as date)"));
                assertEquals(List.of("2025-06-01", "2025-06-02"), duck.rows("select distinct date::varchar from " + t + " order by 1"));
                assertEquals(List.of("SNAPPY"), duck.rows("select distinct compression from parquet_metadata('"
                        + lake.resolve("token_transfer_events") + "/**/*.parquet')"));
                assertEquals(List.of("TIMESTAMP WITH TIME ZONE|DECIMAL(38,0)"),
                        duck.rows("select typeof(closed_at), typeof(amount_decimal) from " + t + " limit 1"));
            }
            assertEquals(s.files().size(), countFiles(lake.resolve("token_transfer_events")));
            try (Stream<Path> spool = Files.walk(lake.resolve("_quiver"))) {
                assertTrue(spool.noneMatch(p -> p.toString().contains("/staging/") && Files.isRegularFile(p)), "staging left behind");
            }
        }
    }

    @Test
    void replayingTheTopicIntoAnEmptyLakeWritesByteIdenticalFiles(BufferAllocator allocator) throws Exception {
        String topic = TestKafka.freshTopic("lake.replay", 2);
        produce(allocator, topic, 2, 1, 8);
        TableSpec table = LakeTables.byName(LakeTables.TOKEN_TRANSFER_EVENTS);
        table = new TableSpec(table.name(), topic, table.partitionBy(), table.timeColumn(), table.ledgerColumn(), 10_000, Set.of(), Map.of(), null);
        Map<String, byte[]> first = null;
        for (int run = 0; run < 2; run++) {
            Path lake = dir.resolve("lake" + run);
            try (LocalLakeStore store = new LocalLakeStore(lake); Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.broker().bootstrapServers()))) {
                // rows, not age, cut the files, so the cut points are the data's and not the clock's
                LakeSinkOptions o = new LakeSinkOptions(List.of(table), LakeFormat.PARQUET, WriterOptions.defaults(), 128L << 20,
                        1_000, Duration.ofHours(1), 64, 256L << 20, "replay-" + run + "-" + topic, "test1", Duration.ofHours(1));
                try (SinkRun r = new SinkRun(sink(o, allocator, store))) {
                    // 4 records of 900 rows per partition, cut every 2 records: 4 files, nothing left open
                    waitForFiles(lake.resolve("token_transfer_events"), 4);
                }
                Map<String, byte[]> files = readFiles(lake.resolve("token_transfer_events"));
                assertEquals(4, files.size(), "files " + files.keySet());
                if (first == null) {
                    first = files;
                } else {
                    assertEquals(first.keySet(), files.keySet());
                    for (String k : first.keySet()) {
                        assertArrayEquals(first.get(k), files.get(k), k);
                    }
                }
            }
        }
    }

    @Test
    void aFileClosesAtItsAgeWithNoNewInput(BufferAllocator allocator) throws Exception {
        String topic = TestKafka.freshTopic("lake.age", 1);
        TableSpec table = new TableSpec(LakeTables.TOKEN_TRANSFER_EVENTS, topic, List.of(), "closed_at", "ledger_sequence", 10_000,
                Set.of(), Map.of(), null);
        Path lake = dir.resolve("lake");
        try (LocalLakeStore store = new LocalLakeStore(lake)) {
            try (SinkRun r = new SinkRun(sink(options(table, LakeFormat.JSON_LINES, Duration.ofSeconds(2), "age-" + topic), allocator, store))) {
                Thread.sleep(3000); // assigned and idle
                produce(allocator, topic, 1, 1, 1);
                long sent = System.nanoTime();
                waitForFiles(lake.resolve("token_transfer_events"), 1);
                double seconds = (System.nanoTime() - sent) / 1e9;
                assertTrue(seconds >= 1.5 && seconds < 10, "closed after " + seconds + " s");
            }
            try (LakeDuck duck = new LakeDuck(lake)) {
                assertEquals(LEDGERS_PER_BATCH * EVENTS_PER_LEDGER,
                        duck.count("select count(*) from " + duck.table("token_transfer_events", "jsonl")));
            }
        }
    }

    @Test
    void openFilesAndBufferedBytesStayUnderTheirCapsWithOneFolderPerLedger(BufferAllocator allocator) throws Exception {
        String topic = TestKafka.freshTopic("lake.memory", 3);
        produce(allocator, topic, 3, 1, 30); // 300 ledgers, 27,000 events
        TableSpec table = new TableSpec(LakeTables.TOKEN_TRANSFER_EVENTS, topic, List.of(PartitionKey.parse("ledger_range")), "closed_at",
                "ledger_sequence", 1, Set.of(), Map.of(), null);
        Path lake = dir.resolve("lake");
        long cap = 64L << 10;
        int files = 16; // a record brings 10 ledgers, so 10 folders: two records pass the cap
        LakeSinkOptions o = new LakeSinkOptions(List.of(table), LakeFormat.PARQUET, WriterOptions.defaults(), 128L << 20,
                1_000_000, Duration.ofSeconds(2), files, cap, "memory-" + topic, "test1", Duration.ofHours(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LakeSink sink = new LakeSink(o, KafkaClients.plaintext(TestKafka.broker().bootstrapServers()), codec, allocator,
                new LocalLakeStore(lake), registry, () -> { });
        try (LocalLakeStore store = new LocalLakeStore(lake); Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.broker().bootstrapServers()));
             SinkRun run = new SinkRun(sink)) {
            SinkRun.awaitCovered(store, admin, topic, 3, Duration.ofSeconds(60));
        }
        System.out.printf("peak open files %d (cap 16), peak buffered %,d bytes (cap %,d), %d files%n", sink.peakOpenFiles(),
                sink.peakBufferedBytes(), cap, countFiles(lake.resolve("token_transfer_events")));
        assertTrue(sink.peakOpenFiles() <= files, "open files " + sink.peakOpenFiles());
        assertTrue(sink.peakBufferedBytes() <= cap, "buffered " + sink.peakBufferedBytes());
        assertTrue(sink.peakOpenFiles() >= 10, "the test reached the cap region: " + sink.peakOpenFiles());
        assertTrue(registry.get("quiver.lake.memory.flushes").counter().count() > 0, "the byte cap made writers flush");
        try (LakeDuck duck = new LakeDuck(lake)) {
            String t = duck.table("token_transfer_events", "parquet");
            assertEquals(300L * EVENTS_PER_LEDGER, duck.count("select count(*) from " + t));
            assertEquals(300, duck.count("select count(distinct ledger_range) from " + t));
            assertEquals(0, duck.count("select count(*) from " + t + " where ledger_range <> ledger_sequence"));
        }
    }

    @Test
    void poisonOfEveryKindGoesToTheDeadLetterTopicWithItsReasonAndTheRestReachesTheLake(BufferAllocator allocator) throws Exception {
        String topic = TestKafka.freshTopic("lake.poison", 1);
        TestKafka.broker().createTopics(1, topic + ".dlq");
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            EncodedRecord good;
            try (VectorSchemaRoot root = gen.batch(allocator, 1, 1)) {
                good = codec.encode(root, BatchLabel.ledgers(1, 1)).get(0);
            }
            EncodedRecord wrongSchema;
            try (VectorSchemaRoot root = VectorSchemaRoot.create(io.quiver.schema.ContractEventSchema.SCHEMA.arrowSchema(), allocator)) {
                io.quiver.testing.RandomRows.fill(root, 5, 3);
                wrongSchema = codec.encode(root, BatchLabel.none()).get(0);
            }
            byte[] key = "k".getBytes();
            p.send(new ProducerRecord<>(topic, 0, key, good.value(), good.headers()));
            p.send(new ProducerRecord<>(topic, 0, key, null, good.headers()));                        // null value
            p.send(new ProducerRecord<byte[], byte[]>(topic, 0, (byte[]) null, good.value(), good.headers())); // null key
            p.send(new ProducerRecord<>(topic, 0, key, good.value()));                                // no headers
            p.send(new ProducerRecord<>(topic, 0, key, "not arrow".getBytes(), good.headers()));      // not an Arrow stream
            p.send(new ProducerRecord<>(topic, 0, key, wrongSchema.value(), wrongSchema.headers()));  // another table's schema
            byte[] big = new byte[6 << 20];
            new java.util.Random(1).nextBytes(big);
            p.send(new ProducerRecord<>(topic, 0, key, big, good.headers()));                         // oversize garbage
            try (VectorSchemaRoot root = gen.batch(allocator, 2, 1)) {
                EncodedRecord after = codec.encode(root, BatchLabel.ledgers(2, 2)).get(0);
                p.send(new ProducerRecord<>(topic, 0, key, after.value(), after.headers()));
            }
            p.flush();
        }
        TableSpec table = new TableSpec(LakeTables.TOKEN_TRANSFER_EVENTS, topic, List.of(), "closed_at", "ledger_sequence", 10_000,
                Set.of(), Map.of(), null, "TokenTransferEvent");
        Path lake = dir.resolve("lake");
        try (LocalLakeStore store = new LocalLakeStore(lake); Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.broker().bootstrapServers()))) {
            try (SinkRun r = new SinkRun(sink(options(table, LakeFormat.PARQUET, Duration.ofSeconds(1), "poison-" + topic), allocator, store))) {
                SinkRun.awaitCovered(store, admin, topic, 1, Duration.ofSeconds(60));
            }
        }
        try (LakeDuck duck = new LakeDuck(lake)) {
            assertEquals(2L * EVENTS_PER_LEDGER, duck.count("select count(*) from " + duck.table("token_transfer_events", "parquet")));
        }
        List<String> reasons = TestKafka.readCommitted(topic + ".dlq", Duration.ofSeconds(3)).stream()
                .map(d -> d.offset() + " " + new String(d.headers().lastHeader(io.quiver.kafka.DeadLetterPublisher.REASON).value()))
                .toList();
        reasons.forEach(System.out::println);
        assertEquals(6, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).contains("null value") || reasons.get(0).toLowerCase().contains("value"), reasons.get(0));
        assertTrue(reasons.get(4).contains("ContractEvent") && reasons.get(4).contains("TokenTransferEvent"), reasons.get(4));
    }

    @Test
    void onATransactionalTopicEveryRangeContinuesTheLastAcrossCommitMarkers(BufferAllocator allocator) throws Exception {
        String topic = TestKafka.freshTopic("lake.tx", 2);
        int transactions = 8;
        java.util.Properties props = TestKafka.broker().clientProperties();
        props.put("transactional.id", "lake-tx-" + topic);
        props.put("max.request.size", String.valueOf(8 << 20));
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            p.initTransactions();
            for (int t = 0; t < transactions; t++) {
                p.beginTransaction();
                for (int b = 0; b < 2; b++) {
                    long first = 1 + (t * 2L + b) * LEDGERS_PER_BATCH;
                    try (VectorSchemaRoot root = gen.batch(allocator, first, LEDGERS_PER_BATCH)) {
                        for (EncodedRecord r : codec.encode(root, BatchLabel.ledgers(first, first + LEDGERS_PER_BATCH - 1))) {
                            p.send(new ProducerRecord<>(topic, b, Long.toString(first).getBytes(), r.value(), r.headers()));
                        }
                    }
                }
                p.commitTransaction();
            }
        }
        TableSpec table = new TableSpec(LakeTables.TOKEN_TRANSFER_EVENTS, topic, List.of(), "closed_at", "ledger_sequence", 10_000,
                Set.of(), Map.of(), null, "TokenTransferEvent");
        Path lake = dir.resolve("lake");
        long events = (long) transactions * 2 * LEDGERS_PER_BATCH * EVENTS_PER_LEDGER;
        // one record per file: every record is a commit, each after a commit marker
        LakeSinkOptions o = new LakeSinkOptions(List.of(table), LakeFormat.PARQUET, WriterOptions.defaults(), 128L << 20,
                LEDGERS_PER_BATCH * EVENTS_PER_LEDGER, Duration.ofSeconds(1), 64, 256L << 20, "tx-" + topic, "test1", Duration.ofHours(1));
        try (LocalLakeStore store = new LocalLakeStore(lake); SinkRun r = new SinkRun(sink(o, allocator, store));
             LakeDuck duck = new LakeDuck(lake)) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (countFiles(lake.resolve("token_transfer_events")) < transactions * 2) {
                assertTrue(System.nanoTime() < deadline && r.alive(), "one file per record: " + r.failure());
                Thread.sleep(100);
            }
            String t = duck.table("token_transfer_events", "parquet");
            assertEquals(events, duck.count("select count(*) from " + t));
            assertEquals(events, duck.count("select count(distinct event_id) from " + t));
            LakeSnapshot s = new io.quiver.lake.manifest.Manifest(store, "reader").refresh();
            // each partition's ranges follow each other: [0,1) [1,3) [3,5) ... (a marker after every record)
            for (int partition = 0; partition < 2; partition++) {
                int part = partition;
                List<LakeFile> files = s.files("token_transfer_events").stream().filter(f -> f.kafkaPartition() == part)
                        .sorted(java.util.Comparator.comparingLong(LakeFile::fromOffset)).toList();
                for (int k = 1; k < files.size(); k++) {
                    assertEquals(files.get(k - 1).toOffset(), files.get(k).fromOffset(), "ranges continue each other");
                }
                assertEquals(0, files.get(0).fromOffset());
            }
        }
    }

    private static void waitForFiles(Path folder, int n) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (countFiles(folder) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + n + " files in " + folder);
            }
            Thread.sleep(100);
        }
    }

    private static long countFiles(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static Map<String, byte[]> readFiles(Path folder) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }
}
