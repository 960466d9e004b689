package io.quiver.kafka;

import java.util.concurrent.atomic.AtomicLong;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.PoisonRecordException;
import io.quiver.schema.QuiverSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Decodes each consumed record with the shared codec and hands it to a handler; a record that
 * does not decode, or whose handler throws, goes to the dead-letter topic and the next record
 * is processed. The decoded vectors are closed after the handler returns.
 */
public final class ArrowRecordDispatcher {

    private final ArrowKafkaCodec codec;
    private final QuiverSchema schema;
    private final BufferAllocator allocator;
    private final DeadLetterPublisher deadLetters;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    public ArrowRecordDispatcher(ArrowKafkaCodec codec, QuiverSchema schema, BufferAllocator allocator,
                                 DeadLetterPublisher deadLetters) {
        this.codec = codec;
        this.schema = schema;
        this.allocator = allocator;
        this.deadLetters = deadLetters;
    }

    /** Dispatches every record of a poll, in order. */
    public void dispatch(ConsumerRecords<byte[], byte[]> records, ArrowRecordHandler handler) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            dispatch(r, handler);
        }
    }

    /** Dispatches one record; returns true if the handler processed it, false if it was dead-lettered. */
    public boolean dispatch(ConsumerRecord<byte[], byte[]> record, ArrowRecordHandler handler) {
        DecodedBatch batch;
        try {
            batch = codec.decode(record.value(), record.headers(), schema, allocator);
        } catch (PoisonRecordException e) {
            deadLetters.publish(record, e.getMessage());
            deadLettered.incrementAndGet();
            return false;
        }
        try (batch) {
            handler.handle(record, batch);
            delivered.incrementAndGet();
            return true;
        } catch (Exception e) {
            deadLetters.publish(record, "handler failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            deadLettered.incrementAndGet();
            return false;
        }
    }

    public long delivered() {
        return delivered.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }
}
