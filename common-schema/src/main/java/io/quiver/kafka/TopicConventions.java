package io.quiver.kafka;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * How Quiver creates a topic and its dead-letter topic: partitions, replication, retention (data
 * kept for ever by default so any consumer can replay; dead letters 30 days) and
 * {@code max.message.bytes}. One definition for the services' provisioning and the local cluster.
 */
public record TopicConventions(int partitions, short replicationFactor, long retentionMs, long deadLetterRetentionMs,
                               int maxMessageBytes) {

    /** Data kept for ever. */
    public static final long FOREVER = -1;
    /** 30 days. */
    public static final long DEAD_LETTER_RETENTION_MS = 30L * 24 * 3600 * 1000;
    /** Above the codec's 7 MiB records. */
    public static final int MAX_MESSAGE_BYTES = 8 << 20;

    /** The defaults the README documents: 6 partitions, replication 1, data for ever, dead letters 30 days, 8 MiB records. */
    public static TopicConventions defaults() {
        return new TopicConventions(6, (short) 1, FOREVER, DEAD_LETTER_RETENTION_MS, MAX_MESSAGE_BYTES);
    }

    /** {@code topic} and its {@code .dlq}, with their configs. */
    public List<NewTopic> withDeadLetter(String topic) {
        return List.of(topic(topic, retentionMs), topic(Topics.deadLetterOf(topic), deadLetterRetentionMs));
    }

    private NewTopic topic(String name, long retention) {
        return new NewTopic(name, partitions, replicationFactor).configs(Map.of(
                "retention.ms", Long.toString(retention),
                "max.message.bytes", Integer.toString(maxMessageBytes)));
    }
}
