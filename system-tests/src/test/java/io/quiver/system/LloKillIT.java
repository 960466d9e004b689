package io.quiver.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quiver.codec.RecordHeaders;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.service.testing.PackagedService;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The packaged llo-service SIGKILLed mid-stream under rounds every 100 ms from 4 simulated nodes, and a loop made to fail. */
@ExtendWith(ArrowAllocatorExtension.class)
class LloKillIT {

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

    private static long committed(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(OffsetAndMetadata::offset).sum();
    }

    @Test
    void everyRoundOnceAcrossASigkillAndOffsetsAdvanceWhileRoundsKeepArriving(BufferAllocator allocator) throws Exception {
        Pipelines p = new Pipelines();
        Map<String, String> settings = new HashMap<>(p.llo(Map.of("kafka.bootstrap.servers", broker.bootstrapServers()), dir));
        String group = settings.get("quiver.llo.group-id");
        int rounds = 150;
        AtomicInteger sent = new AtomicInteger();
        settings.put("quiver.llo.instance-id", "kill-a");
        PackagedService a = PackagedService.start("llo-service", "llo-kill-a", settings);
        a.awaitReady(Duration.ofSeconds(90));
        Thread traffic = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> nodes = KafkaClients.plaintext(broker.bootstrapServers()).idempotentProducer(8 << 20)) {
                for (int round = 0; round < rounds; round++) {
                    for (int node = 0; node < 4; node++) {
                        if (!(round % 10 == 5 && node == 3)) { // every tenth round one node stays silent: it closes on the timeout
                            p.observe(nodes, allocator, "g", round, node);
                        }
                    }
                    sent.set(round + 1);
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "nodes");
        traffic.start();
        List<Long> offsets = new ArrayList<>();
        try (Admin admin = KafkaClients.plaintext(broker.bootstrapServers()).admin()) {
            BrokerOutageIT.await(() -> a.metric("quiver_llo_rounds_total", "published").orElse(0) >= 10, Duration.ofSeconds(60), "A publishing");
            for (int i = 0; i < 3; i++) {
                offsets.add(committed(admin, group));
                Thread.sleep(1500);
            }
            a.kill(); // SIGKILL mid-stream: rounds open, observations arriving
            assertTrue(sent.get() < rounds, "killed while rounds kept arriving");
            assertTrue(offsets.get(0) > 0 && offsets.get(2) > offsets.get(1) && offsets.get(1) > offsets.get(0),
                    "committed offsets advanced while rounds kept arriving: " + offsets);
        }
        settings.put("quiver.llo.instance-id", "kill-b");
        try (PackagedService b = PackagedService.start("llo-service", "llo-kill-b", settings)) {
            b.awaitReady(Duration.ofSeconds(90));
            traffic.join(60_000);
            Map<String, Integer> counts = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (counts.size() < rounds && System.nanoTime() < deadline) {
                counts.clear();
                for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(broker.bootstrapServers(), p.aggregates, Duration.ofSeconds(2))) {
                    counts.merge(RecordHeaders.text(r.headers(), RecordHeaders.LLO_ROUND), 1, Integer::sum);
                }
            }
            for (int round = 0; round < rounds; round++) {
                assertEquals(1, counts.getOrDefault(Integer.toString(round), 0), "round " + round + " exactly once");
            }
            assertTrue(b.metric("quiver_llo_rounds_total", "published").orElse(0) > 0, "B took over");
        }
    }

    @Test
    void aLoopThatCannotRunIsReadinessDownWithTheReasonNotASilentUp() throws Exception {
        Pipelines p = new Pipelines();
        Map<String, String> settings = new HashMap<>(p.llo(Map.of("kafka.bootstrap.servers", broker.bootstrapServers()), dir));
        // a producer override the broker refuses (its limit is 15 minutes): every attempt to start transactions fails
        settings.put("quiver.kafka.producer.transaction.timeout.ms", "3600000");
        try (PackagedService llo = PackagedService.start("llo-service", "llo-failing", settings)) {
            Duration took = llo.awaitDown("transaction timeout", Duration.ofSeconds(60));
            System.out.printf("llo readiness DOWN with the reason after %d ms: %s%n", took.toMillis(), llo.readiness());
            assertTrue(llo.readiness().contains("\"llo-rounds\"") && llo.readiness().contains("\"state\": \"retrying\""), llo.readiness());
        }
    }
}
