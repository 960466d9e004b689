package io.quiver.kafka;

import io.quiver.codec.DecodedBatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a consumer does with one decoded Arrow record. Throwing sends the record to the DLQ. */
@FunctionalInterface
public interface ArrowRecordHandler {
    void handle(ConsumerRecord<byte[], byte[]> record, DecodedBatch batch) throws Exception;
}
