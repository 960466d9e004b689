package io.quiver.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.EncodedRecord;
import io.quiver.codec.IpcCompression;
import io.quiver.codec.RecordHeaders;
import io.quiver.schema.QuiverSchema;
import io.quiver.schema.QuiverSchemas;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.RandomRows;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every schema through the real broker: write Arrow, produce, consume, decode, compare vectors. */
@ExtendWith(ArrowAllocatorExtension.class)
class SchemaBrokerRoundTripTest {

    @ParameterizedTest
    @EnumSource(IpcCompression.class)
    void everySchemaSurvivesTheBrokerUnchanged(IpcCompression compression, BufferAllocator allocator) throws Exception {
        ArrowKafkaCodec codec = new ArrowKafkaCodec(compression, ArrowKafkaCodec.DEFAULT_MAX_RECORD_BYTES);
        for (QuiverSchema schema : QuiverSchemas.ALL) {
            String topic = TestKafka.freshTopic("roundtrip." + schema.name(), 1);
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator)) {
                RandomRows.fill(root, 1000, 31L * schema.name().hashCode() + compression.ordinal());
                List<EncodedRecord> encoded = codec.encode(root, BatchLabel.round(42));
                try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
                    for (EncodedRecord r : encoded) {
                        producer.send(new ProducerRecord<>(topic, null, "42".getBytes(), r.value(), r.headers())).get();
                    }
                }
                List<ConsumerRecord<byte[], byte[]>> consumed = TestKafka.readAll(topic, encoded.size(), Duration.ofSeconds(30));
                ConsumerRecord<byte[], byte[]> first = consumed.get(0);
                assertEquals(compression.name().toLowerCase(), RecordHeaders.text(first.headers(), RecordHeaders.COMPRESSION));
                assertEquals("42", RecordHeaders.text(first.headers(), RecordHeaders.LLO_ROUND));
                try (DecodedBatch decoded = codec.decode(first.value(), first.headers(), schema, allocator)) {
                    assertEquals(1000, decoded.rowCount());
                    assertTrue(root.equals(decoded.batches().get(0)), schema + " (" + compression + ") differs after the broker");
                }
            }
        }
    }
}
