package io.quiver.lake.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.kafka.KafkaClients;
import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.format.WriterOptions;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.sink.LakeSink;
import io.quiver.lake.sink.LakeSinkOptions;
import io.quiver.lake.store.LocalLakeStore;
import io.quiver.lake.table.LakeScans;
import io.quiver.lake.table.LakeTables;
import io.quiver.lake.table.PartitionKey;
import io.quiver.lake.table.TableSpec;
import io.quiver.lake.testing.SinkRun;
import io.quiver.lake.testing.TtpEventBatches;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tail against a real broker and a real sink committing as it reads: SQL over committed files
 * plus tail sees every record once at every moment, current to the newest record, and the tail's
 * files go once the lake holds their rows and no query holds them.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class LakeTailTest {

    private static final int EVENTS_PER_LEDGER = 90;
    private static final int LEDGERS_PER_BATCH = 10;
    private static final int BATCHES = 22; // 220 ledgers from 23:50 cross midnight: two date folders; 11 records a partition
    private static final long ROWS_PER_BATCH = (long) LEDGERS_PER_BATCH * EVENTS_PER_LEDGER;
    private static final long TOTAL = BATCHES * ROWS_PER_BATCH;

    @TempDir
    Path dir;

    private final ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
    private final TtpEventBatches gen = new TtpEventBatches(11, EVENTS_PER_LEDGER);

    @ParameterizedTest
    @EnumSource(value = LakeFormat.class, names = {"PARQUET", "JSON_LINES"})
    void committedFilesPlusTheTailHoldEveryRecordOnceWhileTheSinkCommits(LakeFormat format, BufferAllocator allocator) throws Exception {
        String topic = TestKafka.freshTopic("tail." + format.extension(), 2);
        TableSpec table = new TableSpec(LakeTables.TOKEN_TRANSFER_EVENTS, topic, List.of(PartitionKey.parse("date")), "closed_at",
                "ledger_sequence", 10_000, Set.of(), Map.of(), null);
        Path lake = dir.resolve("lake");
        KafkaClients kafka = KafkaClients.plaintext(TestKafka.broker().bootstrapServers());
        // files cut at 1,000 rows (every second record of a partition), never by age: the last record stays open
        LakeSinkOptions slow = new LakeSinkOptions(List.of(table), format, WriterOptions.defaults(), 128L << 20, 1_000,
                Duration.ofHours(1), 64, 256L << 20, "tail-a-" + topic, "test1", Duration.ofHours(1));
        try (LocalLakeStore store = new LocalLakeStore(lake);
             Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.broker().bootstrapServers()));
             Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             KafkaProducer<byte[], byte[]> producer = TestKafka.producer();
             LakeTail tail = new LakeTail(new LakeTail.Options(List.of(table), format, dir.resolve("tail"), 64L << 20,
                     Duration.ofMillis(200)), kafka, codec, allocator, () -> store)) {
            tail.start();
            // three records a partition, read by the tail before any view: one tail file each of offsets 0..2
            for (int b = 0; b < 6; b++) {
                produce(allocator, producer, topic, b);
            }
            awaitPositions(tail, topic, 3);
            // nobody queried yet: the records are kept, not written
            assertEquals(6, tail.status().pendingRecords(), tail.status().toString());
            assertEquals(0, tail.status().rows(), tail.status().toString());
            assertEquals(6L * ROWS_PER_BATCH, awaitCount(duck, lake, tail, 6L * ROWS_PER_BATCH)[1]);
            long seen = 6L * ROWS_PER_BATCH;
            long[] counts;
            try (SinkRun sink = new SinkRun(new LakeSink(slow, kafka, codec, allocator, store, new SimpleMeterRegistry(), () -> { }))) {
                // the sink commits offsets 0..1 of each partition: a commit inside each tail file
                awaitCommitted(store, topic, 2);
                counts = awaitCount(duck, lake, tail, 6L * ROWS_PER_BATCH);
                assertEquals(6L * ROWS_PER_BATCH, counts[1], "an event twice across the seam");
                for (int b = 6; b < BATCHES; b++) {
                    produce(allocator, producer, topic, b);
                    if (b % 4 == 1) {
                        // two records a partition between views while the sink commits every second
                        long want = (long) (b + 1) * ROWS_PER_BATCH;
                        counts = awaitCount(duck, lake, tail, want);
                        assertEquals(want, counts[1], "an event twice after batch " + b);
                        assertTrue(counts[0] >= seen, "went back from " + seen + " to " + counts[0]);
                        seen = counts[0];
                    }
                }
                // current to the last record, though the lake has not committed all of it
                counts = awaitCount(duck, lake, tail, TOTAL);
                assertEquals(TOTAL, counts[1]);
                LakeSnapshot committed = new Manifest(store, "check").refresh();
                long inFiles = committed.files().stream().mapToLong(f -> f.rows()).sum();
                assertTrue(inFiles > 0 && inFiles < TOTAL, "committed " + inFiles + " of " + TOTAL);
                assertTrue(sink.alive(), "sink failed: " + sink.failure());
            }
            LakeTail.View held = tail.hold();
            List<Path> heldFiles = held.files().stream().map(LakeTail.TailFile::path).toList();
            assertFalse(heldFiles.isEmpty());
            // a sink that cuts by age commits the rest: the tail gives its rows up to the files
            LakeSinkOptions quick = new LakeSinkOptions(List.of(table), format, WriterOptions.defaults(), 128L << 20, 2_000,
                    Duration.ofSeconds(1), 64, 256L << 20, "tail-b-" + topic, "test1", Duration.ofHours(1));
            try (SinkRun sink = new SinkRun(new LakeSink(quick, kafka, codec, allocator, store, new SimpleMeterRegistry(), () -> { }))) {
                SinkRun.awaitCovered(store, admin, topic, 2, Duration.ofSeconds(60));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (tail.status().rows() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, tail.status().rows(), "tail still holds " + tail.status());
            counts = counts(duck, lake, tail);
            assertEquals(TOTAL, counts[0]);
            assertEquals(TOTAL, counts[1]);
            // the held view's files outlive their rows' commit until it is released
            assertTrue(heldFiles.stream().allMatch(Files::exists), "a held tail file was deleted");
            tail.release(held);
            assertTrue(heldFiles.stream().noneMatch(Files::exists), "released tail files were kept");
        }
    }

    /** Batch {@code b}: ten ledgers, to partition {@code b % 2}. */
    private void produce(BufferAllocator allocator, KafkaProducer<byte[], byte[]> producer, String topic, int b) throws Exception {
        long first = 1 + (long) b * LEDGERS_PER_BATCH;
        try (VectorSchemaRoot root = gen.batch(allocator, first, LEDGERS_PER_BATCH)) {
            for (EncodedRecord r : codec.encode(root, BatchLabel.ledgers(first, first + LEDGERS_PER_BATCH - 1))) {
                producer.send(new ProducerRecord<>(topic, b % 2, Long.toString(first).getBytes(), r.value(), r.headers()));
            }
        }
        producer.flush();
    }

    private static void awaitPositions(LakeTail tail, String topic, long next) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Long> want = Map.of(topic + "/0", next, topic + "/1", next);
        while (!tail.status().positions().equals(want)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("tail did not read to " + want + ": " + tail.status());
            }
            Thread.sleep(50);
        }
    }

    private static void awaitCommitted(LocalLakeStore store, String topic, long next) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            LakeSnapshot s = new Manifest(store, "check").refresh();
            if (s.nextOffset(topic, 0).orElse(0) == next && s.nextOffset(topic, 1).orElse(0) == next) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the sink did not commit to " + next + ": " + s.nextOffsets());
            }
            Thread.sleep(50);
        }
    }

    private static long[] awaitCount(Connection duck, Path lake, LakeTail tail, long want) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long[] counts;
        do {
            counts = counts(duck, lake, tail);
            if (counts[0] == want) {
                return counts;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the view holds " + counts[0] + " events, not " + want + "; tail " + tail.status());
    }

    /** count(*) and count(distinct event_id) of the table as the view of this moment shows it. */
    private static long[] counts(Connection duck, Path lake, LakeTail tail) throws SQLException {
        LakeTail.View v = tail.hold();
        try (Statement s = duck.createStatement()) {
            String table = LakeTables.TOKEN_TRANSFER_EVENTS;
            var files = v.snapshot().files(table);
            if (files.isEmpty() && v.files(table).isEmpty()) {
                return new long[] {0, 0};
            }
            s.execute("CREATE OR REPLACE VIEW t AS " + LakeScans.view(lake.toAbsolutePath(), table, files, v));
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT event_id), count(DISTINCT date) FROM t")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        } finally {
            tail.release(v);
        }
    }
}
