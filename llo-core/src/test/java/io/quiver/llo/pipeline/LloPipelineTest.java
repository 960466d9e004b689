package io.quiver.llo.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.codec.RecordHeaders;
import io.quiver.kafka.DeadLetterPublisher;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.Topics;
import io.quiver.llo.aggregate.Aggregator;
import io.quiver.llo.arrow.ObservationMerger;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.StreamValue;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The LLO pipeline on the real (in-process) broker: exactly once across a SIGKILL, offsets under traffic, poison. */
@ExtendWith(ArrowAllocatorExtension.class)
class LloPipelineTest {

    /** Long beside the 100 ms between rounds: while a round waits for a late node, about ten others close. */
    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(1);

    static LloPipeline.Settings settings(KafkaClients kafka, String in, String group, String instance) {
        return new LloPipeline.Settings(in, group, instance, kafka, 4, ROUND_TIMEOUT, Duration.ofSeconds(6));
    }

    static RoundRecords.Settings output(String aggregates, String reports) {
        return new RoundRecords.Settings(aggregates, reports, 1,
                List.of(new ChannelDefinition(1, "json", List.of(new StreamRef(1, Aggregator.MEDIAN)), false)), "local",
                HexFormat.of().parseHex("00".repeat(32)));
    }

    /** What the service's stage runner does: a run that fails on a transaction is started again from the committed offsets. */
    static Thread running(LloPipeline pipeline, String name) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    pipeline.run();
                    return;
                } catch (org.apache.kafka.common.KafkaException e) {
                    System.out.println(name + " run failed, starting again: " + e.getMessage());
                }
            }
        }, name);
        t.start();
        return t;
    }

    record Io(String in, String aggregates, String reports) {
        static Io fresh() {
            return new Io(TestKafka.freshTopic("llo.obs", 1), TestKafka.freshTopic("llo.agg", 1), TestKafka.freshTopic("llo.rep", 1));
        }
    }

    private static void observe(KafkaProducer<byte[], byte[]> p, BufferAllocator allocator, String topic, String group, long round,
                                int node) throws Exception {
        Map<Long, StreamValue> v = new LinkedHashMap<>();
        v.put(1L, new DecimalValue(LloDecimal.parse(round + "." + node)));
        NodeObservation n = new NodeObservation(node, 1_700_000_000_000_000_000L + round * 100_000_000L + node, v);
        try (VectorSchemaRoot root = new ObservationMerger().merge(List.of(n), allocator)) {
            EncodedRecord r = ArrowKafkaCodec.defaults().encode(root, BatchLabel.round(round)).get(0);
            p.send(new ProducerRecord<>(topic, null, group.getBytes(StandardCharsets.UTF_8), r.value(), r.headers())).get();
        }
    }

    /** (group, round) -> how many aggregate records the committed topic holds. */
    private static Map<String, Integer> publishedRounds(String aggregates) {
        Map<String, Integer> count = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(aggregates, Duration.ofSeconds(2))) {
            count.merge(new String(r.key(), StandardCharsets.UTF_8) + "/" + RecordHeaders.text(r.headers(), RecordHeaders.LLO_ROUND), 1,
                    Integer::sum);
        }
        return count;
    }

    private static long committedOffset(String group, String topic) throws Exception {
        try (Admin admin = KafkaClients.plaintext(TestKafka.broker().bootstrapServers()).admin()) {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .get(new TopicPartition(topic, 0));
            return o == null ? -1 : o.offset();
        }
    }

    /** The committed records of {@code topic} ({@code read_committed}: dead letters of aborted transactions are not there), once {@code n} are. */
    private static List<ConsumerRecord<byte[], byte[]>> committed(String topic, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<ConsumerRecord<byte[], byte[]>> got = List.of();
        while (System.nanoTime() < deadline) {
            got = TestKafka.readCommitted(topic, Duration.ofSeconds(1));
            if (got.size() >= n) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(n, got.size(), "records on " + topic);
        return got;
    }

    @Test
    void everyRoundIsPublishedOnceAcrossASigkillAndOffsetsAdvanceWhileRoundsKeepArriving(BufferAllocator allocator) throws Exception {
        Io io = Io.fresh();
        String group = "llo-" + UUID.randomUUID();
        int rounds = 80;
        AtomicInteger sent = new AtomicInteger();
        Thread traffic = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
                List<long[]> late = new ArrayList<>();
                for (long round = 1; round <= rounds; round++) {
                    for (int node = 0; node < 4; node++) {
                        if (round % 10 == 0 && node == 3) {
                            late.add(new long[] {round, System.nanoTime() + ROUND_TIMEOUT.toNanos() + 300_000_000L});
                        } else {
                            observe(p, allocator, io.in(), "g", round, node);
                        }
                    }
                    for (var it = late.iterator(); it.hasNext(); ) {
                        long[] l = it.next();
                        if (System.nanoTime() > l[1]) {
                            observe(p, allocator, io.in(), "g", l[0], 3); // a late node: its round closed without it
                            it.remove();
                        }
                    }
                    sent.set((int) round);
                    Thread.sleep(100);
                }
                for (long[] l : late) {
                    observe(p, allocator, io.in(), "g", l[0], 3);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "observations");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process a = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                LloMain.class.getName(), TestKafka.broker().bootstrapServers(), io.in(), io.aggregates(), io.reports(), group,
                "a-" + UUID.randomUUID()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<Long> offsetsSeen = new ArrayList<>();
        boolean trafficStarted = false;
        int aPublished = 0;
        int sampledAt = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(a.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                // the rounds start once A reads: a JVM slow to start would otherwise meet a backlog it closes in one burst
                if (line.startsWith("assigned ") && !line.equals("assigned 0") && !trafficStarted) {
                    trafficStarted = true;
                    traffic.start();
                }
                if (line.startsWith("committed ")) {
                    aPublished = Integer.parseInt(line.substring(10));
                    // sampled from the start: from round 10 on, its late node holds the offset at round 10's first record
                    // until the round times out, so samples taken only after round 8 can all fall in that stretch
                    if (aPublished >= 2 && offsetsSeen.size() < 3 && aPublished >= sampledAt + 4) {
                        offsetsSeen.add(committedOffset(group, io.in()));
                        sampledAt = aPublished;
                    }
                    // rounds 1-19 published, then 21, 22, ... while round 20 (its node 3 late) is still open:
                    // the committed offset stays at round 20's first record, so those lie past it
                    if (aPublished >= 21) {
                        break;
                    }
                }
            }
            a.destroyForcibly(); // SIGKILL, mid-stream: rounds are open and arriving
            a.waitFor();
        }
        assertTrue(aPublished >= 21 && aPublished <= 27, "instance A was killed while round 20 was open: " + aPublished);
        assertTrue(offsetsSeen.size() >= 2 && offsetsSeen.get(offsetsSeen.size() - 1) > offsetsSeen.get(0) && offsetsSeen.get(0) > 0,
                "the committed offset advanced while rounds kept arriving: " + offsetsSeen);
        assertTrue(sent.get() < rounds, "A was killed while observations were still arriving");

        AtomicInteger bPublished = new AtomicInteger();
        LloPipeline b = new LloPipeline(settings(KafkaClients.plaintext(TestKafka.broker().bootstrapServers()), io.in(), group,
                "b-" + UUID.randomUUID()), ArrowKafkaCodec.defaults(), allocator, output(io.aggregates(), io.reports()),
                (p, failed, dead, open) -> bPublished.addAndGet(p));
        Thread t = running(b, "llo-b");
        try {
            traffic.join(60_000);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<String, Integer> got = Map.of();
            while (System.nanoTime() < deadline) {
                got = publishedRounds(io.aggregates());
                if (got.size() >= rounds) {
                    break;
                }
            }
            assertEquals(rounds, got.size(), "every round published: " + got.keySet());
            for (long round = 1; round <= rounds; round++) {
                assertEquals(1, got.getOrDefault("g/" + round, 0), "round " + round + " exactly once");
            }
            assertTrue(bPublished.get() > 0 && bPublished.get() < rounds, "B took over the rest: " + bPublished.get());
        } finally {
            b.stop();
            t.join(30_000);
        }
    }

    @Test
    void poisonOfEveryKindGoesToTheDlqWithItsReasonAndRoundsGoOn(BufferAllocator allocator) throws Exception {
        Io io = Io.fresh();
        String dlq = Topics.deadLetterOf(io.in());
        // a dead-letter topic that takes smaller records than the input topic: the big record's dead letter must be cut
        TestKafka.broker().createTopics(1, Map.of("max.message.bytes", Integer.toString(1 << 20)), dlq);
        LloPipeline pipeline = new LloPipeline(settings(KafkaClients.plaintext(TestKafka.broker().bootstrapServers()), io.in(),
                "llo-" + UUID.randomUUID(), "p-" + UUID.randomUUID()), ArrowKafkaCodec.defaults(), allocator,
                output(io.aggregates(), io.reports()), (p, failed, dead, open) -> {
                });
        Thread t;
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            ProducerRecord<byte[], byte[]> nullValue = new ProducerRecord<>(io.in(), "g".getBytes(), null);
            nullValue.headers().add(RecordHeaders.LLO_ROUND, "1".getBytes());
            p.send(nullValue).get();
            ProducerRecord<byte[], byte[]> headerless = new ProducerRecord<>(io.in(), "g".getBytes(), "not arrow".getBytes());
            p.send(headerless).get();
            try (VectorSchemaRoot root = new ObservationMerger().merge(List.of(new NodeObservation(0, 1L,
                    Map.of(1L, new DecimalValue(LloDecimal.parse("1"))))), allocator)) {
                EncodedRecord r = ArrowKafkaCodec.defaults().encode(root, BatchLabel.round(1)).get(0);
                p.send(new ProducerRecord<>(io.in(), null, (byte[]) null, r.value(), r.headers())).get(); // null key
            }
            byte[] big = new byte[(1 << 20) + 1]; // one byte over the .dlq's limit
            ProducerRecord<byte[], byte[]> oversize = new ProducerRecord<>(io.in(), "g".getBytes(), big);
            oversize.headers().add(RecordHeaders.LLO_ROUND, "1".getBytes());
            p.send(oversize).get();
            for (int node = 0; node < 4; node++) {
                observe(p, allocator, io.in(), "g", 2, node);
            }
        }
        t = running(pipeline, "llo-poison");
        try {
            List<ConsumerRecord<byte[], byte[]>> dead = committed(dlq, 4);
            Map<Long, String> reasons = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                reasons.put(Long.parseLong(RecordHeaders.text(r.headers(), DeadLetterPublisher.SOURCE_OFFSET)),
                        RecordHeaders.text(r.headers(), DeadLetterPublisher.REASON));
            }
            assertTrue(reasons.get(0L).contains("null value"), reasons.get(0L));
            assertTrue(reasons.get(1L).contains("not an Arrow IPC stream"), reasons.get(1L));
            assertTrue(reasons.get(2L).contains("null key"), reasons.get(2L));
            assertTrue(reasons.get(3L).contains("value of 1048577 bytes cut to its first 1024"), reasons.get(3L));
            ConsumerRecord<byte[], byte[]> cut = dead.stream().filter(r -> "3".equals(
                    RecordHeaders.text(r.headers(), DeadLetterPublisher.SOURCE_OFFSET))).findFirst().orElseThrow();
            assertEquals(1024, cut.value().length);
            assertEquals("1048577", RecordHeaders.text(cut.headers(), DeadLetterPublisher.VALUE_BYTES));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !publishedRounds(io.aggregates()).containsKey("g/2")) {
                Thread.sleep(200);
            }
            assertEquals(Map.of("g/2", 1), publishedRounds(io.aggregates()), "the round after the poison, once");
        } finally {
            pipeline.stop();
            t.join(30_000);
        }
    }
}
