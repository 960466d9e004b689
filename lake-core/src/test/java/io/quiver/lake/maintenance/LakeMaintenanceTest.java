package io.quiver.lake.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.kafka.KafkaClients;
import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.format.WriterOptions;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.sink.LakeSink;
import io.quiver.lake.sink.LakeSinkOptions;
import io.quiver.lake.store.LocalLakeStore;
import io.quiver.lake.table.LakeTables;
import io.quiver.lake.table.PartitionKey;
import io.quiver.lake.table.TableSpec;
import io.quiver.lake.testing.LakeDuck;
import io.quiver.lake.testing.SinkRun;
import io.quiver.lake.testing.TtpEventBatches;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowAllocatorExtension.class)
class LakeMaintenanceTest {

    @TempDir
    Path dir;

    /** A lake of many small files over two dates (2025-06-01 23:50 to 06-02 00:06), written by the sink. */
    private LakeSnapshot smallFiles(BufferAllocator allocator, Path lake, LakeFormat format) throws Exception {
        String topic = TestKafka.freshTopic("lake.compact", 1);
        TtpEventBatches gen = new TtpEventBatches(11, 50);
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            for (int b = 0; b < 40; b++) {
                long first = 1 + b * 5L;
                try (VectorSchemaRoot root = gen.batch(allocator, first, 5)) {
                    for (EncodedRecord r : ArrowKafkaCodec.defaults().encode(root, BatchLabel.ledgers(first, first + 4))) {
                        p.send(new ProducerRecord<>(topic, 0, Long.toString(first).getBytes(), r.value(), r.headers()));
                    }
                }
            }
        }
        TableSpec table = new TableSpec(LakeTables.TOKEN_TRANSFER_EVENTS, topic, List.of(PartitionKey.parse("date")), "closed_at",
                "ledger_sequence", 10_000, Set.of(), Map.of(), null);
        LakeSinkOptions o = new LakeSinkOptions(List.of(table), format, WriterOptions.defaults(), 128L << 20, 500,
                Duration.ofMillis(500), 64, 256L << 20, "compact-" + topic, "t1", Duration.ofHours(1));
        try (LocalLakeStore store = new LocalLakeStore(lake); Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.broker().bootstrapServers()));
             SinkRun run = new SinkRun(new LakeSink(o, KafkaClients.plaintext(TestKafka.broker().bootstrapServers()),
                     ArrowKafkaCodec.defaults(), allocator, store, new SimpleMeterRegistry(), () -> { }))) {
            return SinkRun.awaitCovered(store, admin, topic, 1, Duration.ofSeconds(60));
        }
    }

    @ParameterizedTest
    @EnumSource(LakeFormat.class)
    void smallFilesOfAClosedPartitionMergeIntoOneWithTheSameRowsAndTheOpenPartitionIsLeftAlone(LakeFormat format,
                                                                                              BufferAllocator allocator) throws Exception {
        Path lake = dir.resolve("lake");
        LakeSnapshot before = smallFiles(allocator, lake, format);
        List<LakeFile> day1 = before.files("token_transfer_events").stream().filter(f -> f.partition().equals("date=2025-06-01")).toList();
        List<LakeFile> day2 = before.files("token_transfer_events").stream().filter(f -> f.partition().equals("date=2025-06-02")).toList();
        assertTrue(day1.size() >= 5 && !day2.isEmpty(), "small files: " + day1.size() + " + " + day2.size());
        String t;
        List<String> expected;
        try (LakeDuck duck = new LakeDuck(lake)) {
            t = duck.table("token_transfer_events", format.extension());
            expected = duck.rows("select date::varchar, count(*), count(distinct event_id), sum(cast(amount_decimal as hugeint))::varchar from "
                    + t + " group by 1 order by 1");
        }
        try (LocalLakeStore store = new LocalLakeStore(lake)) {
            LakeMaintenance.Result r = new LakeMaintenance(new Manifest(store, "maint")).compact("token_transfer_events", 128L << 20, 0);
            assertEquals(1, r.partitions(), "only the closed day");
            assertEquals(day1.size(), r.filesIn());
            LakeSnapshot after = new Manifest(store, "reader").refresh();
            assertEquals(1, after.files("token_transfer_events").stream().filter(f -> f.partition().equals("date=2025-06-01")).count());
            assertEquals(day2.size(), after.files("token_transfer_events").stream().filter(f -> f.partition().equals("date=2025-06-02")).count());
            try (Stream<Path> s = Files.list(lake.resolve("token_transfer_events/date=2025-06-01"))) {
                assertEquals(1, s.count(), "the merged files are gone from the folder");
            }
            // a second pass finds nothing to do
            assertEquals(0, new LakeMaintenance(new Manifest(store, "maint")).compact("token_transfer_events", 128L << 20, 0).filesIn());
        }
        try (LakeDuck duck = new LakeDuck(lake)) {
            assertEquals(expected, duck.rows("select date::varchar, count(*), count(distinct event_id), sum(cast(amount_decimal as hugeint))::varchar from "
                    + t + " group by 1 order by 1"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = LakeFormat.class, names = "PARQUET")
    void partitionsPastRetentionAreRemovedThroughTheManifestAndTheRestStays(LakeFormat format, BufferAllocator allocator) throws Exception {
        Path lake = dir.resolve("lake");
        LakeSnapshot before = smallFiles(allocator, lake, format);
        long day2 = before.files("token_transfer_events").stream().filter(f -> f.partition().equals("date=2025-06-02")).mapToLong(LakeFile::rows).sum();
        long midnight = java.time.Instant.parse("2025-06-02T00:00:00Z").getEpochSecond() * 1_000_000L;
        try (LocalLakeStore store = new LocalLakeStore(lake)) {
            LakeMaintenance.Result r = new LakeMaintenance(new Manifest(store, "maint")).expire("token_transfer_events", midnight);
            assertEquals(1, r.partitions());
            LakeSnapshot after = new Manifest(store, "reader").refresh();
            assertTrue(after.files("token_transfer_events").stream().allMatch(f -> f.partition().equals("date=2025-06-02")));
            assertTrue(Files.notExists(lake.resolve("token_transfer_events/date=2025-06-01")), "the expired folder is gone");
            // offsets are untouched: a restarted sink does not write the expired rows again
            assertEquals(before.nextOffsets(), after.nextOffsets());
        }
        try (LakeDuck duck = new LakeDuck(lake)) {
            assertEquals(day2, duck.count("select count(*) from " + duck.table("token_transfer_events", "parquet")));
        }
    }
}
