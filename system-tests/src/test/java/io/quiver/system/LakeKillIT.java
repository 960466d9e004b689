package io.quiver.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.lake.manifest.LakeSnapshot;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sink-service SIGKILLed at random moments while events arrive and files close every
 * few hundred milliseconds, and a second instance joining and leaving the group: every event once in
 * the lake, no temporary file visible, every file in the folder named by the manifest.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class LakeKillIT {

    private static final int EVENTS_PER_LEDGER = 100;
    private static final int LEDGERS_PER_BATCH = 5;

    @TempDir
    static Path dir;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void broker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private Map<String, String> settings(String topic, Path lake, String instance) {
        Map<String, String> s = Pipelines.eventsSink(broker.bootstrapServers(), topic, lake, "sys-lake-" + topic);
        s.put("quiver.sink.instance-id", instance);
        // many small commits, so that kills land in the middle of files and of publications
        s.put("quiver.sink.max-file-rows", "1500");
        s.put("quiver.sink.max-file-age", "700ms");
        s.put("quiver.sink.orphan-age", "1s");
        s.put("quiver.kafka.consumer.session.timeout.ms", "6000");
        s.put("quiver.kafka.consumer.heartbeat.interval.ms", "1000");
        return s;
    }

    /** Produces up to {@code batches} batches, {@code pauseMillis} apart, on a thread, until {@code stop}; counts them in {@code sent}. */
    private Thread traffic(BufferAllocator allocator, String topic, int batches, long pauseMillis, AtomicInteger sent,
                           java.util.concurrent.atomic.AtomicBoolean stop) {
        TtpEventBatches gen = new TtpEventBatches(3, EVENTS_PER_LEDGER);
        Thread t = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> p = KafkaClients.plaintext(broker.bootstrapServers()).idempotentProducer(8 << 20)) {
                for (int b = 0; b < batches && !stop.get(); b++) {
                    long first = 1 + (long) b * LEDGERS_PER_BATCH;
                    try (VectorSchemaRoot root = gen.batch(allocator, first, LEDGERS_PER_BATCH)) {
                        for (EncodedRecord r : ArrowKafkaCodec.defaults().encode(root, BatchLabel.ledgers(first, first + LEDGERS_PER_BATCH - 1))) {
                            p.send(new ProducerRecord<>(topic, b % 3, Long.toString(first).getBytes(), r.value(), r.headers())).get();
                        }
                    }
                    sent.set(b + 1);
                    Thread.sleep(pauseMillis);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "events");
        t.start();
        return t;
    }

    private static void assertLakeExact(Path lake, String topic, long events) throws Exception {
        try (LocalLakeStore store = new LocalLakeStore(lake); Admin admin = KafkaClients.plaintext(broker.bootstrapServers()).admin()) {
            LakeSnapshot s = SinkRun.awaitCovered(store, admin, topic, 3, Duration.ofSeconds(90));
            try (LakeDuck duck = new LakeDuck(lake)) {
                String t = duck.table("token_transfer_events", "parquet");
                assertEquals(events, duck.count("select count(*) from " + t), "every event in the lake");
                assertEquals(events, duck.count("select count(distinct event_id) from " + t), "every event once");
            }
            try (Stream<Path> files = Files.walk(lake.resolve("token_transfer_events"))) {
                List<String> onDisk = files.filter(Files::isRegularFile).map(p -> lake.relativize(p).toString()).sorted().toList();
                assertTrue(onDisk.stream().allMatch(s::isLive), "every file in the folder is in the manifest");
                assertTrue(onDisk.stream().noneMatch(f -> f.endsWith(".tmp") || f.contains("/.")), "no temporary file: " + onDisk);
                assertEquals(s.files().size(), onDisk.size());
            }
        }
    }

    @Test
    void everyEventOnceAfterTenSigkillsAtRandomMoments(BufferAllocator allocator) throws Exception {
        String topic = "lake.kill." + System.nanoTime();
        broker.createTopics(3, topic);
        Path lake = dir.resolve("kill-lake");
        int batches = 2000;
        AtomicInteger sent = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread events = traffic(allocator, topic, batches, 150, sent, stop);
        Random rnd = new Random(42);
        int kills = 0;
        PackagedService sink = PackagedService.start("sink-service", "lake-kill-0", settings(topic, lake, "sink1"));
        try {
            sink.awaitReady(Duration.ofSeconds(90));
            while (kills < 10) {
                // once this run commits (the group handed it partitions), kill it at a random moment of
                // its commit cycle: files close every 700 ms, so kills land mid-file and mid-publish
                PackagedService current = sink;
                BrokerOutageIT.await(() -> current.metric("quiver_lake_commits_total", null).orElse(0) > 0, Duration.ofSeconds(60),
                        "run " + kills + " committing");
                Thread.sleep(rnd.nextInt(1500));
                double commits = sink.metric("quiver_lake_commits_total", null).orElse(0);
                sink.kill();
                kills++;
                System.out.printf("kill %d after %.0f commits of this run, %d/%d batches sent%n", kills, commits, sent.get(), batches);
                sink = PackagedService.start("sink-service", "lake-kill-" + kills, settings(topic, lake, "sink1"));
                sink.awaitReady(Duration.ofSeconds(90));
            }
            assertTrue(sent.get() < batches, "the kills happened while events arrived");
            stop.set(true);
            events.join(120_000);
            assertLakeExact(lake, topic, (long) sent.get() * LEDGERS_PER_BATCH * EVENTS_PER_LEDGER);
        } finally {
            sink.close();
        }
    }

    @Test
    void everyEventOnceWhileASecondInstanceJoinsAndLeavesTheGroup(BufferAllocator allocator) throws Exception {
        String topic = "lake.rebalance." + System.nanoTime();
        broker.createTopics(3, topic);
        Path lake = dir.resolve("rebalance-lake");
        int batches = 2000;
        AtomicInteger sent = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread events = traffic(allocator, topic, batches, 120, sent, stop);
        try (PackagedService a = PackagedService.start("sink-service", "lake-a", settings(topic, lake, "sinkA"))) {
            a.awaitReady(Duration.ofSeconds(90));
            Thread.sleep(2000);
            try (PackagedService b = PackagedService.start("sink-service", "lake-b", settings(topic, lake, "sinkB"))) {
                b.awaitReady(Duration.ofSeconds(90));
                BrokerOutageIT.await(() -> b.metric("quiver_lake_commits_total", null).orElse(0) > 0, Duration.ofSeconds(60),
                        "B committing its share");
                Thread.sleep(1500);
            } // B leaves (stopped cleanly); A takes its partitions back
            // events keep arriving while A takes B's partitions back
            Thread.sleep(2000);
            assertTrue(events.isAlive(), "B joined and left while events arrived");
            stop.set(true);
            events.join(120_000);
            assertLakeExact(lake, topic, (long) sent.get() * LEDGERS_PER_BATCH * EVENTS_PER_LEDGER);
        }
    }
}
