package io.quiver.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.store.LocalLakeStore;
import io.quiver.lake.testing.LakeDuck;
import io.quiver.lake.testing.SinkRun;
import io.quiver.lake.testing.TtpEventBatches;
import io.quiver.service.testing.PackagedService;
import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sink writing to a real size-limited file system (a 3 MiB tmpfs, grown to 64 MiB
 * later by a remount): a full disk turns readiness DOWN with the reason and leaves nothing partial
 * published or committed; when space returns the sink goes on by itself and the lake holds every
 * event once.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class LakeFullDiskIT {

    @TempDir
    Path dir;

    private static int sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        if (rc != 0) {
            System.out.println(String.join(" ", cmd) + ": " + out.strip());
        }
        return rc;
    }

    /** Mounts a tmpfs with {@code options} at {@code at}; without the right to (not root), skipped, or failed under CI. */
    private static void mountTmpfs(Path at, String options) throws Exception {
        if (sh("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString()) != 0) {
            String why = "mounting a tmpfs needs root (CAP_SYS_ADMIN); this machine refused it";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
    }

    @Test
    void aFullDiskIsReadinessDownWithTheReasonCommitsNothingPartialAndTheSinkResumesWhenSpaceReturns(BufferAllocator allocator)
            throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        mountTmpfs(small, "size=3m");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String topic = "lake.full";
            broker.createTopics(1, topic);
            Path lake = small.resolve("lake");
            int batches = 24;
            int perBatch = 5 * 100;
            TtpEventBatches gen = new TtpEventBatches(9, 100);
            try (KafkaProducer<byte[], byte[]> p = KafkaClients.plaintext(broker.bootstrapServers()).idempotentProducer(8 << 20)) {
                for (int b = 0; b < batches; b++) {
                    long first = 1 + b * 5L;
                    try (VectorSchemaRoot root = gen.batch(allocator, first, 5)) {
                        for (EncodedRecord r : ArrowKafkaCodec.defaults().encode(root, BatchLabel.ledgers(first, first + 4))) {
                            p.send(new ProducerRecord<>(topic, 0, Long.toString(first).getBytes(), r.value(), r.headers())).get();
                        }
                    }
                }
            }
            Map<String, String> s = Pipelines.eventsSink(broker.bootstrapServers(), topic, lake, "sys-full");
            s.put("quiver.sink.format", "JSON_LINES"); // about 450 bytes an event: 12,000 events do not fit 3 MiB
            s.put("quiver.sink.max-file-rows", "1000");
            try (PackagedService sink = PackagedService.start("sink-service", "lake-full", s)) {
                Duration took = sink.awaitDown("No space left on device", Duration.ofSeconds(90));
                System.out.printf("readiness DOWN %d ms after start: %s%n", took.toMillis(), sink.readiness());
                assertTrue(sink.readiness().contains("lake-sink"), sink.readiness());
                // what is committed is whole: every file in the folder is in the manifest and reads completely
                try (LocalLakeStore store = new LocalLakeStore(lake)) {
                    LakeSnapshot committed = new Manifest(store, "reader").refresh();
                    long rows = committed.files().stream().mapToLong(LakeFile::rows).sum();
                    assertTrue(rows < (long) batches * perBatch, "the disk filled before the end: " + rows);
                    try (Stream<Path> files = Files.walk(lake.resolve("token_transfer_events"))) {
                        List<Path> onDisk = files.filter(Files::isRegularFile).toList();
                        assertTrue(onDisk.stream().allMatch(f -> committed.isLive(lake.relativize(f).toString())), "only committed files");
                    } catch (java.nio.file.NoSuchFileException nothingYet) {
                        assertEquals(0, rows);
                    }
                    if (rows > 0) {
                        try (LakeDuck duck = new LakeDuck(lake)) {
                            assertEquals(rows, duck.count("select count(*) from " + duck.table("token_transfer_events", "jsonl")));
                        }
                    }
                }
                assertEquals(0, sh("mount", "-o", "remount,size=64m", small.toString()), "grow the tmpfs");
                try (LocalLakeStore store = new LocalLakeStore(lake); Admin admin = KafkaClients.plaintext(broker.bootstrapServers()).admin()) {
                    SinkRun.awaitCovered(store, admin, topic, 1, Duration.ofSeconds(120));
                }
                sink.awaitReady(Duration.ofSeconds(30));
                try (LakeDuck duck = new LakeDuck(lake)) {
                    String t = duck.table("token_transfer_events", "jsonl");
                    assertEquals((long) batches * perBatch, duck.count("select count(*) from " + t));
                    assertEquals((long) batches * perBatch, duck.count("select count(distinct event_id) from " + t));
                }
            }
        } finally {
            sh("umount", small.toString());
        }
    }

    @Test
    void aReadOnlyLakeIsReadinessDownWithTheReasonAndTheSinkStartsWritingWhenItBecomesWritable(BufferAllocator allocator)
            throws Exception {
        Path mount = Files.createDirectories(dir.resolve("ro"));
        mountTmpfs(mount, "ro,size=16m");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String topic = "lake.ro";
            broker.createTopics(1, topic);
            TtpEventBatches gen = new TtpEventBatches(2, 100);
            try (KafkaProducer<byte[], byte[]> p = KafkaClients.plaintext(broker.bootstrapServers()).idempotentProducer(8 << 20);
                 VectorSchemaRoot root = gen.batch(allocator, 1, 5)) {
                for (EncodedRecord r : ArrowKafkaCodec.defaults().encode(root, BatchLabel.ledgers(1, 5))) {
                    p.send(new ProducerRecord<>(topic, 0, "1".getBytes(), r.value(), r.headers())).get();
                }
            }
            Path lake = mount.resolve("lake");
            Map<String, String> s = Pipelines.eventsSink(broker.bootstrapServers(), topic, lake, "sys-ro");
            s.put("quiver.sink.max-file-age", "1s");
            try (PackagedService sink = PackagedService.start("sink-service", "lake-ro", s)) {
                Duration took = sink.awaitDown("Read-only file system", Duration.ofSeconds(90));
                System.out.printf("read-only lake: readiness DOWN %d ms after start: %s%n", took.toMillis(), sink.readiness());
                assertTrue(sink.process().isAlive(), "the service runs on and retries");
                assertEquals(0, sh("mount", "-o", "remount,rw", mount.toString()), "make the lake writable");
                try (LocalLakeStore store = new LocalLakeStore(lake); Admin admin = KafkaClients.plaintext(broker.bootstrapServers()).admin()) {
                    SinkRun.awaitCovered(store, admin, topic, 1, Duration.ofSeconds(120));
                }
                sink.awaitReady(Duration.ofSeconds(30));
                try (LakeDuck duck = new LakeDuck(lake)) {
                    assertEquals(500, duck.count("select count(*) from " + duck.table("token_transfer_events", "parquet")));
                }
            }
        } finally {
            sh("umount", mount.toString());
        }
    }
}
