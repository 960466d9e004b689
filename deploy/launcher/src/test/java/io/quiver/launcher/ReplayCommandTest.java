package io.quiver.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./quiver replay} on a real broker: a ledgers topic of 300 single-ledger records over three
 * partitions (written in transactions, as ingest writes), replayed into a new version and into a
 * new consumer group.
 */
class ReplayCommandTest {

    static EmbeddedKafkaBroker broker;
    static KafkaClients kafka;
    static final String TOPIC = "stellar.ledgers.v1";

    @BeforeAll
    static void topic() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        kafka = KafkaClients.plaintext(broker.bootstrapServers());
        broker.createTopics(3, Map.of(), TOPIC);
        try (KafkaProducer<byte[], byte[]> p = kafka.transactionalProducer("replay-test", 1 << 20)) {
            p.initTransactions();
            for (int batch = 0; batch < 30; batch++) {
                p.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    long ledger = 2 + batch * 10 + i;
                    org.apache.kafka.common.header.internals.RecordHeaders h = new org.apache.kafka.common.header.internals.RecordHeaders();
                    h.add(io.quiver.codec.RecordHeaders.LEDGER_FIRST, Long.toString(ledger).getBytes(StandardCharsets.UTF_8));
                    h.add(io.quiver.codec.RecordHeaders.LEDGER_LAST, Long.toString(ledger).getBytes(StandardCharsets.UTF_8));
                    p.send(new ProducerRecord<>(TOPIC, (int) (ledger % 3), null, ("ledger " + ledger).getBytes(StandardCharsets.UTF_8),
                            ("ledger " + ledger).getBytes(StandardCharsets.UTF_8), h));
                }
                p.commitTransaction();
            }
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private int replay(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 2] = "--bootstrap";
        all[all.length - 1] = broker.bootstrapServers();
        return QuiverCli.run(all, new PrintStream(out, true), new PrintStream(err, true));
    }

    private static List<ConsumerRecord<byte[], byte[]>> all(String topic, Map<TopicPartition, Long> from) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = kafka.committedReader(1 << 20)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            for (TopicPartition tp : parts) {
                c.seek(tp, from == null ? 0 : from.getOrDefault(tp, 0L));
            }
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static long ledger(ConsumerRecord<byte[], byte[]> r) {
        return io.quiver.codec.RecordHeaders.number(r.headers(), io.quiver.codec.RecordHeaders.LEDGER_FIRST).getAsLong();
    }

    @Test
    void aRangeIsCopiedIntoTheNextVersionOfTheTopic() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, replay(out, err, "--topic", TOPIC, "--from-ledger", "100", "--to-ledger", "149", "--to", "v2"), err.toString());
        List<ConsumerRecord<byte[], byte[]>> copied = all("stellar.ledgers.v2", null);
        TreeMap<Long, String> byLedger = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : copied) {
            byLedger.put(ledger(r), new String(r.value(), StandardCharsets.UTF_8));
            assertEquals(ledger(r) % 3, r.partition(), "the same partition as in the source topic");
        }
        assertEquals(50, copied.size(), "ledgers 100..149 once each");
        assertEquals(100L, byLedger.firstKey());
        assertEquals(149L, byLedger.lastKey());
        assertEquals("ledger 123", byLedger.get(123L));
        assertTrue(out.toString().contains("copied 50 records"), out.toString());

        // a version that already holds records is not written again; the topic's own version is refused
        assertEquals(2, replay(out, err, "--topic", TOPIC, "--from-ledger", "100", "--to", "v2"));
        assertTrue(err.toString().contains("stellar.ledgers.v2 already holds records"), err.toString());
        assertEquals(2, replay(out, err, "--topic", TOPIC, "--from-ledger", "100", "--to", "v1"));
    }

    @Test
    void aNewGroupIsSetToReadFromTheLedgerWithNothingNeededPassedOver() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, replay(out, err, "--topic", TOPIC, "--from-ledger", "200", "--to", "ttp-reprocess"), err.toString());
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = kafka.admin()) {
            committed = admin.listConsumerGroupOffsets("ttp-reprocess").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        }
        assertEquals(3, committed.size());
        Map<TopicPartition, Long> from = new java.util.HashMap<>();
        committed.forEach((tp, o) -> from.put(tp, o.offset()));
        List<ConsumerRecord<byte[], byte[]>> read = all(TOPIC, from);
        long needed = read.stream().filter(r -> ledger(r) >= 200).count();
        assertEquals(102, needed, "every record of ledgers 200..301 is at or after the group's offsets");
        assertTrue(read.size() < 300 - 150, read.size() + " records read: most of ledgers below 200 are skipped");
        assertEquals(2, replay(out, err, "--topic", TOPIC, "--from-ledger", "10", "--to-ledger", "20", "--to", "some-group"));
        assertTrue(err.toString().contains("--to-ledger needs --to vK"), err.toString());
        assertEquals(2, replay(out, err, "--topic", "no.such.v1", "--from-ledger", "10", "--to", "g"));
        assertTrue(err.toString().contains("no topic no.such.v1"), err.toString());
    }
}
