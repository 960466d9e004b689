package io.quiver.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The one dead-letter path. A record that cannot be processed is copied unchanged (key, value,
 * original headers) to {@code <topic>.dlq} with headers saying why and where it came from. The
 * stages send it in the same Kafka transaction as the offsets that pass the record, so a poison
 * record is never lost and never dead-lettered twice.
 */
public final class DeadLetterPublisher {

    public static final String REASON = "quiver.dlq.reason";
    public static final String SOURCE_TOPIC = "quiver.dlq.source.topic";
    public static final String SOURCE_PARTITION = "quiver.dlq.source.partition";
    public static final String SOURCE_OFFSET = "quiver.dlq.source.offset";
    public static final String FAILED_AT = "quiver.dlq.failed.at";
    /** On a dead letter whose value was cut to an excerpt: the original value's size in bytes. */
    public static final String VALUE_BYTES = "quiver.dlq.value.bytes";
    /** How much of a value too large for the dead-letter topic is kept. */
    public static final int EXCERPT_BYTES = 1024;

    private DeadLetterPublisher() {
    }

    /**
     * The dead letter of {@code record}: key, value and headers unchanged, plus the reason (one
     * line) and where it came from. For producers that send it themselves (inside a transaction).
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        return deadLetter(record, reason, Integer.MAX_VALUE);
    }

    /**
     * As {@link #deadLetter(ConsumerRecord, String)}, for a dead-letter topic that takes records of
     * at most {@code maxBytes}: a larger record keeps only the first {@value #EXCERPT_BYTES} bytes
     * of its value (and its original headers if they still fit), with {@link #VALUE_BYTES} and the
     * reason saying so; the source topic, partition and offset point to the whole record.
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, int maxBytes) {
        String line = reason == null ? "unknown error" : reason.replace('\n', ' ').replace('\r', ' ');
        byte[] value = record.value();
        Headers headers = new RecordHeaders();
        long originalHeaders = 0;
        for (Header h : record.headers()) {
            originalHeaders += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        long size = (record.key() == null ? 0 : record.key().length) + (value == null ? 0 : value.length) + originalHeaders
                + line.length() + 512;
        boolean cut = size > maxBytes;
        if (cut) {
            int length = value == null ? 0 : value.length;
            value = value == null ? null : java.util.Arrays.copyOf(value, Math.min(EXCERPT_BYTES, length));
            line = line + " (value of " + length + " bytes cut to its first " + (value == null ? 0 : value.length)
                    + " for the dead-letter topic; the whole record stays at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + ")";
            headers.add(text(VALUE_BYTES, Integer.toString(length)));
        }
        if (!cut || originalHeaders + EXCERPT_BYTES + 4096 < maxBytes) {
            for (Header h : record.headers()) {
                headers.add(h);
            }
        }
        headers.add(text(REASON, line));
        headers.add(text(SOURCE_TOPIC, record.topic()));
        headers.add(text(SOURCE_PARTITION, Integer.toString(record.partition())));
        headers.add(text(SOURCE_OFFSET, Long.toString(record.offset())));
        headers.add(text(FAILED_AT, Instant.now().toString()));
        return new ProducerRecord<>(Topics.deadLetterOf(record.topic()), null, record.key(), value, headers);
    }

    private static Header text(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
