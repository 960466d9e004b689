package io.quiver.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one dead-letter path. A record that cannot be processed is copied unchanged (key, value,
 * original headers) to {@code <topic>.dlq} with headers saying why and where it came from. The send
 * is synchronous: the caller commits the offset only after the dead letter is safely stored, so a
 * poison record is never lost.
 */
public final class DeadLetterPublisher {

    public static final String REASON = "quiver.dlq.reason";
    public static final String SOURCE_TOPIC = "quiver.dlq.source.topic";
    public static final String SOURCE_PARTITION = "quiver.dlq.source.partition";
    public static final String SOURCE_OFFSET = "quiver.dlq.source.offset";
    public static final String FAILED_AT = "quiver.dlq.failed.at";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final Producer<byte[], byte[]> producer;

    public DeadLetterPublisher(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /** Stores {@code record} in its topic's dead-letter topic, waiting for the broker's acknowledgement. */
    public void publish(ConsumerRecord<byte[], byte[]> record, String reason) {
        ProducerRecord<byte[], byte[]> dead = deadLetter(record, reason);
        LOG.warn("poison record {}-{}@{} -> {}: {}", record.topic(), record.partition(), record.offset(), dead.topic(),
                new String(dead.headers().lastHeader(REASON).value(), StandardCharsets.UTF_8));
        try {
            producer.send(dead).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a dead letter in " + dead.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot store dead letter of " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + " in " + dead.topic() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The dead letter of {@code record}: key, value and headers unchanged, plus the reason (one
     * line) and where it came from. For producers that send it themselves (inside a transaction).
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        String line = reason == null ? "unknown error" : reason.replace('\n', ' ').replace('\r', ' ');
        Headers headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(text(REASON, line));
        headers.add(text(SOURCE_TOPIC, record.topic()));
        headers.add(text(SOURCE_PARTITION, Integer.toString(record.partition())));
        headers.add(text(SOURCE_OFFSET, Long.toString(record.offset())));
        headers.add(text(FAILED_AT, Instant.now().toString()));
        return new ProducerRecord<>(Topics.deadLetterOf(record.topic()), null, record.key(), record.value(), headers);
    }

    private static Header text(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
