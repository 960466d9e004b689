package io.quiver.ingest.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Where an ingest instance stopped: the next ledger it would publish, kept in a compacted topic
 * and written inside the same Kafka transaction as the batches, so the checkpoint and the ledgers
 * on the topic can never disagree (a batch is on the topic exactly when its checkpoint is).
 */
public final class CheckpointStore {

    /** A checkpoint: {@code nextLedger} is the first ledger not yet published. */
    public record Checkpoint(String instance, String source, long nextLedger) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final KafkaClients kafka;

    public CheckpointStore(String topic, KafkaClients kafka) {
        this.topic = topic;
        this.kafka = kafka;
    }

    public String topic() {
        return topic;
    }

    /** Creates the compacted one-partition topic if it is missing. */
    public void ensureTopic(short replicationFactor) throws IOException, InterruptedException {
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, replicationFactor)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IOException("cannot create checkpoint topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        }
    }

    /** The last committed checkpoint of {@code instance}, or null when it has none. */
    public Checkpoint read(String instance) throws IOException {
        Checkpoint last = null;
        try (KafkaConsumer<byte[], byte[]> c = kafka.committedReader(1 << 20)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (c.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new org.apache.kafka.common.errors.TimeoutException("reading checkpoints from " + topic + " took over 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && instance.equals(new String(r.key(), StandardCharsets.UTF_8)) && r.value() != null) {
                        last = parse(r.value(), r.offset());
                    }
                }
            }
        }
        return last;
    }

    private Checkpoint parse(byte[] value, long offset) throws IOException {
        try {
            JsonNode n = JSON.readTree(value);
            return new Checkpoint(n.path("instance").asText(), n.path("source").asText(), n.path("nextLedger").asLong());
        } catch (IOException e) {
            throw new IOException(topic + " offset " + offset + ": checkpoint is not JSON: " + e.getMessage().split("\n")[0]);
        }
    }

    /** The record that moves {@code instance}'s checkpoint to {@code nextLedger}. */
    public ProducerRecord<byte[], byte[]> record(String instance, String source, long nextLedger) {
        String json = "{\"instance\":" + quote(instance) + ",\"source\":" + quote(source) + ",\"nextLedger\":" + nextLedger
                + ",\"lastLedger\":" + (nextLedger - 1) + "}";
        return new ProducerRecord<>(topic, instance.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
