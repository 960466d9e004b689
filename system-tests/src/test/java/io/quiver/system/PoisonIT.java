package io.quiver.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quiver.codec.RecordHeaders;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.kafka.DeadLetterPublisher;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.Topics;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.service.testing.PackagedService;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.SharedLedgers;
import io.quiver.testing.TestKafka;
import io.quiver.ttp.pipeline.EventTopicChecks;
import io.quiver.ttp.pipeline.LedgerTopicWriter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison of every kind on each consumed topic (ledgers for ttp, observations for llo), read by the
 * packaged services: a null value, a null key, a record without headers, and a record one byte
 * over what the dead-letter topic accepts. Each lands on the {@code .dlq} with its reason, the good
 * records around them are processed, and a restarted (SIGKILLed) service neither stops on them
 * nor dead-letters them again.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class PoisonIT {

    /** The dead-letter topics here take 1 MiB records, so a record of 1 MiB + 1 byte does not fit. */
    static final int DLQ_LIMIT = 1 << 20;

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

    private static Map<String, String> kafka() {
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    /** The captured records {@code write} would send, for re-sending changed. */
    private static List<ProducerRecord<byte[], byte[]>> encoded(Writer write) throws Exception {
        MockProducer<byte[], byte[]> capture = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        write.to(capture);
        return capture.history();
    }

    interface Writer {
        void to(MockProducer<byte[], byte[]> p) throws Exception;
    }

    /** Source offset -> reason of every dead letter on {@code dlq}, once {@code count} arrived. */
    private static Map<Long, String> deadLetters(String dlq, int count) {
        Map<Long, String> out = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.readCommitted(broker.bootstrapServers(), dlq, Duration.ofSeconds(3));
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String reason = RecordHeaders.text(r.headers(), DeadLetterPublisher.REASON);
            assertTrue(out.put(Long.parseLong(RecordHeaders.text(r.headers(), DeadLetterPublisher.SOURCE_OFFSET)), reason) == null,
                    "a record dead-lettered twice: " + reason);
            if (r.value() != null && r.value().length > DLQ_LIMIT) {
                throw new AssertionError("a dead letter over the topic's limit");
            }
        }
        assertEquals(count, out.size(), "dead letters " + out);
        return out;
    }

    private static void poison(KafkaProducer<byte[], byte[]> p, String topic, ProducerRecord<byte[], byte[]> valid) throws Exception {
        p.send(new ProducerRecord<>(topic, null, valid.key(), null, valid.headers())).get(); // 0: null value
        p.send(new ProducerRecord<>(topic, null, (byte[]) null, valid.value(), valid.headers())).get(); // 1: null key
        p.send(new ProducerRecord<>(topic, null, valid.key(), valid.value())).get(); // 2: no headers
        p.send(new ProducerRecord<>(topic, null, valid.key(), new byte[DLQ_LIMIT + 1], valid.headers())).get(); // 3: over the .dlq's limit
    }

    private static void assertReasons(Map<Long, String> reasons) {
        assertTrue(reasons.get(0L).contains("null value"), reasons.get(0L));
        assertTrue(reasons.get(1L).contains("null key"), reasons.get(1L));
        assertTrue(reasons.get(2L).contains("no content-type header") || reasons.get(2L).contains("header"), reasons.get(2L));
        assertTrue(reasons.get(3L).contains("cut to its first 1024"), reasons.get(3L));
    }

    @Test
    void ttpDeadLettersEachKindOfPoisonOnTheLedgersTopicAndARestartedInstanceGoesOnPastThem(BufferAllocator allocator)
            throws Exception {
        Pipelines p = new Pipelines();
        broker.createTopics(1, p.ledgers);
        broker.createTopics(1, Map.of("max.message.bytes", Integer.toString(DLQ_LIMIT)), Topics.deadLetterOf(p.ledgers));
        List<SourcedLedger> pubnet = EventTopicChecks.ledgers("mainnet/ttp-example-ledgers-base64.txt");
        List<ProducerRecord<byte[], byte[]>> good = encoded(m -> {
            for (SourcedLedger l : pubnet) {
                LedgerTopicWriter.write(m, p.ledgers, List.of(l), SharedLedgers.PUBNET, allocator);
            }
        });
        Map<String, String> settings = new HashMap<>(p.ttp(kafka()));
        settings.put("quiver.ttp.instance-id", "poison-a");
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.plaintext(broker.bootstrapServers()).idempotentProducer(8 << 20)) {
            poison(producer, p.ledgers, good.get(0));
            producer.send(good.get(0)).get(); // 4: a good ledger record
            PackagedService ttp = PackagedService.start("ttp-service", "ttp-poison", settings);
            try {
                ttp.awaitReady(Duration.ofSeconds(90));
                BrokerOutageIT.await(() -> ttp.metric("quiver_ttp_ledgers_total", null).orElse(0) >= 1, Duration.ofSeconds(60),
                        "the good ledger processed");
                assertReasons(deadLetters(Topics.deadLetterOf(p.ledgers), 4));
                assertTrue(ttp.ready(), "still running: " + ttp.readiness());
            } finally {
                ttp.kill();
            }
            producer.send(good.get(1)).get(); // 5: another good one, for the restarted instance
        }
        settings.put("quiver.ttp.instance-id", "poison-b");
        try (PackagedService again = PackagedService.start("ttp-service", "ttp-poison-again", settings)) {
            again.awaitReady(Duration.ofSeconds(90));
            BrokerOutageIT.await(() -> again.metric("quiver_ttp_ledgers_total", null).orElse(0) >= 1, Duration.ofSeconds(90),
                    "the restarted instance processed the next ledger");
            assertEquals(1.0, again.metric("quiver_ttp_ledgers_total", null).orElse(-1), "only the new ledger: the rest was committed");
            assertEquals(0.0, again.metric("quiver_ttp_dead_letters_total", null).orElse(0), "nothing dead-lettered again");
            assertReasons(deadLetters(Topics.deadLetterOf(p.ledgers), 4));
        }
        assertEquals(EventTopicChecks.byId(EventTopicChecks.expected(pubnet.subList(0, 2), SharedLedgers.PUBNET)).keySet(),
                EventTopicChecks.byId(EventTopicChecks.eventRows(broker.bootstrapServers(), p.events, allocator)).keySet(),
                "the events of both good ledgers, once");
    }

    @Test
    void lloDeadLettersEachKindOfPoisonOnTheObservationsTopicAndARestartedInstanceGoesOnPastThem(BufferAllocator allocator)
            throws Exception {
        Pipelines p = new Pipelines();
        broker.createTopics(1, p.observations);
        broker.createTopics(1, Map.of("max.message.bytes", Integer.toString(DLQ_LIMIT)), Topics.deadLetterOf(p.observations));
        Map<String, String> settings = new HashMap<>(p.llo(kafka(), dir));
        settings.put("quiver.llo.instance-id", "poison-a");
        List<ProducerRecord<byte[], byte[]>> round1 = encoded(m -> {
            for (int node = 0; node < 4; node++) {
                p.observe(m, allocator, "g", 1, node);
            }
        });
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.plaintext(broker.bootstrapServers()).idempotentProducer(8 << 20)) {
            poison(producer, p.observations, round1.get(0));
            for (ProducerRecord<byte[], byte[]> r : round1) {
                producer.send(r).get(); // 4..7: a whole round
            }
            PackagedService llo = PackagedService.start("llo-service", "llo-poison", settings);
            try {
                llo.awaitReady(Duration.ofSeconds(90));
                BrokerOutageIT.await(() -> llo.metric("quiver_llo_rounds_total", "published").orElse(0) >= 1, Duration.ofSeconds(60),
                        "round 1 published");
                assertReasons(deadLetters(Topics.deadLetterOf(p.observations), 4));
            } finally {
                llo.kill();
            }
            for (int node = 0; node < 4; node++) {
                p.observe(producer, allocator, "g", 2, node);
            }
        }
        settings.put("quiver.llo.instance-id", "poison-b");
        try (PackagedService again = PackagedService.start("llo-service", "llo-poison-again", settings)) {
            again.awaitReady(Duration.ofSeconds(90));
            BrokerOutageIT.await(() -> again.metric("quiver_llo_rounds_total", "published").orElse(0) >= 1, Duration.ofSeconds(90),
                    "round 2 published by the restarted instance");
            assertEquals(0.0, again.metric("quiver_llo_dead_letters_total", null).orElse(0), "nothing dead-lettered again");
            assertReasons(deadLetters(Topics.deadLetterOf(p.observations), 4));
        }
        Map<String, Integer> rounds = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(broker.bootstrapServers(), p.aggregates, Duration.ofSeconds(3))) {
            rounds.merge(RecordHeaders.text(r.headers(), RecordHeaders.LLO_ROUND), 1, Integer::sum);
        }
        assertEquals(Map.of("1", 1, "2", 1), rounds, "each round once");
    }
}
