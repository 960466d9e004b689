package io.quiver.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.kafka.embedded.SharedEmbeddedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Clients of the JVM's real in-process broker, with unique topic names per test. */
public final class TestKafka {

    private TestKafka() {
    }

    public static EmbeddedKafkaBroker broker() {
        return SharedEmbeddedKafka.get();
    }

    /** A topic name nobody else uses, created with {@code partitions} partitions. */
    public static String freshTopic(String prefix, int partitions) {
        String name = prefix + "." + UUID.randomUUID().toString().substring(0, 8);
        broker().createTopics(partitions, name);
        return name;
    }

    public static KafkaProducer<byte[], byte[]> producer() {
        Properties p = broker().clientProperties();
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        p.put("max.request.size", String.valueOf(EmbeddedKafkaBroker.DEFAULT_MAX_MESSAGE_BYTES));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static KafkaConsumer<byte[], byte[]> consumer(String group) {
        Properties p = broker().clientProperties();
        p.put("group.id", group);
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("max.partition.fetch.bytes", String.valueOf(EmbeddedKafkaBroker.DEFAULT_MAX_MESSAGE_BYTES));
        p.put("fetch.max.bytes", String.valueOf(EmbeddedKafkaBroker.DEFAULT_MAX_MESSAGE_BYTES));
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads {@code count} records of {@code topic} from the beginning, failing after {@code timeout}. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer("read-" + UUID.randomUUID())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        if (out.size() < count) {
            throw new AssertionError("expected " + count + " records on " + topic + " within " + timeout + ", got " + out.size());
        }
        return out;
    }

    /** Every committed record of {@code topic} on the shared broker, once it has been quiet for {@code quiet}. */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, Duration quiet) {
        return readCommitted(broker().bootstrapServers(), topic, quiet);
    }

    /**
     * Every committed record of {@code topic} on the broker at {@code bootstrap} (a Quarkus test's
     * own broker, say), read {@code read_committed} from the beginning until nothing has come for
     * {@code quiet}.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic, Duration quiet) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "check-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("max.partition.fetch.bytes", String.valueOf(EmbeddedKafkaBroker.DEFAULT_MAX_MESSAGE_BYTES));
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < quiet.toNanos()) {
                var polled = c.poll(Duration.ofMillis(200));
                if (!polled.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                polled.forEach(out::add);
            }
        }
        return out;
    }
}
