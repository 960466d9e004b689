package io.quiver.lake.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.ingest.testing.LocalS3Server;
import io.quiver.kafka.KafkaClients;
import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.format.WriterOptions;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.sink.LakeSink;
import io.quiver.lake.sink.LakeSinkOptions;
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

/** The lake in an S3 bucket (S3Proxy, a real S3 API server on a loopback port): the same exactly-once lake, read back with DuckDB. */
@ExtendWith(ArrowAllocatorExtension.class)
class S3LakeTest {

    @TempDir
    Path dir;

    private static S3Settings settings(LocalS3Server s3) {
        // 5 MiB parts (S3's minimum): the JSON lines file of this test goes up in two or more parts
        return new S3Settings(Optional.of(s3.endpoint().toString()), "us-east-1", Optional.of("identity"), Optional.of("credential"), 5L << 20);
    }

    @Test
    void aLakeInS3HoldsEveryEventOnceWithExactSumsAndLargeFilesGoUpInParts(BufferAllocator allocator) throws Exception {
        String topic = TestKafka.freshTopic("lake.s3", 2);
        TtpEventBatches gen = new TtpEventBatches(21, 900);
        Map<String, BigInteger> sums = new TreeMap<>();
        long events = 0;
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            for (int b = 0; b < 24; b++) {
                long first = 1 + b * 2L;
                try (VectorSchemaRoot root = gen.batch(allocator, first, 2)) {
                    for (EncodedRecord r : ArrowKafkaCodec.defaults().encode(root, BatchLabel.ledgers(first, first + 1))) {
                        p.send(new ProducerRecord<>(topic, b % 2, Long.toString(first).getBytes(), r.value(), r.headers()));
                    }
                }
                for (long l = first; l < first + 2; l++) {
                    for (int e = 0; e < 900; e++) {
                        TokenTransferEventRow row = gen.row(l, e);
                        sums.merge(String.valueOf(row.assetCode()), row.amount(), BigInteger::add);
                        events++;
                    }
                }
            }
        }
        try (LocalS3Server s3 = LocalS3Server.start()) {
            s3.createBucket("lake");
            TableSpec table = new TableSpec(LakeTables.TOKEN_TRANSFER_EVENTS, topic, List.of(PartitionKey.parse("date")), "closed_at",
                    "ledger_sequence", 10_000, Set.of(), Map.of(), null);
            LakeSinkOptions o = new LakeSinkOptions(List.of(table), LakeFormat.JSON_LINES, WriterOptions.defaults(), 128L << 20,
                    1_000_000, Duration.ofSeconds(2), 64, 256L << 20, "s3-" + topic, "s3test", Duration.ofHours(1));
            LakeSnapshot s;
            try (LakeStore store = LakeStore.open("s3://lake/warehouse", settings(s3), dir.resolve("spool"));
                 Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.broker().bootstrapServers()));
                 SinkRun run = new SinkRun(new LakeSink(o, KafkaClients.plaintext(TestKafka.broker().bootstrapServers()),
                         ArrowKafkaCodec.defaults(), allocator, store, new SimpleMeterRegistry(), () -> { }))) {
                s = SinkRun.awaitCovered(store, admin, topic, 2, Duration.ofSeconds(60));
            }
            try (LakeStore store = LakeStore.open("s3://lake/warehouse", settings(s3), dir.resolve("spool2"))) {
                // a log entry is created once: the second attempt at the same name is refused
                assertTrue(store.createIfAbsent("_quiver/probe", new byte[] {1}));
                assertFalse(store.createIfAbsent("_quiver/probe", new byte[] {2}));
                assertEquals(1, store.get("_quiver/probe").orElseThrow()[0]);
                assertTrue(s.files().stream().anyMatch(f -> f.bytes() > 5L << 20), "a file larger than one part");
                assertTrue(store.list(io.quiver.lake.manifest.Manifest.STAGING).isEmpty(), "no staged file left");
                Path local = dir.resolve("copy");
                for (LakeFile f : s.files()) {
                    Path target = local.resolve(f.path());
                    Files.createDirectories(target.getParent());
                    Files.copy(store.localCopy(f.path()), target);
                }
                assertEquals(s.files().stream().map(LakeFile::path).sorted().toList(), store.list("token_transfer_events/").stream().map(LakeStore.StoredObject::key).toList(), "the bucket holds the manifest's files only");
                try (LakeDuck duck = new LakeDuck(local)) {
                    String t = duck.table("token_transfer_events", "jsonl");
                    assertEquals(events, duck.count("select count(*) from " + t));
                    assertEquals(events, duck.count("select count(distinct event_id) from " + t));
                    List<String> want = sums.entrySet().stream().map(e -> e.getKey() + "|" + e.getValue()).sorted().toList();
                    assertEquals(want, duck.rows("select coalesce(asset_code, 'null'), sum(cast(amount_decimal as hugeint))::varchar from "
                            + t + " group by 1 order by 1"));
                }
            }
        }
    }
}
