package io.quiver.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.codec.RecordHeaders;
import io.quiver.schema.QuiverSchema;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.RandomRows;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowAllocatorExtension.class)
class DeadLetterRoutingTest {

    @Test
    void poisonRecordsLandInTheDlqWithTheirReasonWhileTheConsumerKeepsConsuming(BufferAllocator allocator) throws Exception {
        String topic = TestKafka.freshTopic("dlq-test", 1);
        ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
        EncodedRecord good1 = ledgers(codec, allocator, 100, StellarLedgerSchema.SCHEMA.arrowSchema());
        EncodedRecord good2 = ledgers(codec, allocator, 200, StellarLedgerSchema.SCHEMA.arrowSchema());
        Map<String, String> v2 = new HashMap<>(StellarLedgerSchema.SCHEMA.arrowSchema().getCustomMetadata());
        v2.put(QuiverSchema.VERSION_KEY, "2.0.0");
        EncodedRecord wrongMajor = ledgers(codec, allocator, 300, new Schema(StellarLedgerSchema.SCHEMA.arrowSchema().getFields(), v2));

        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            p.send(new ProducerRecord<>(topic, null, "100".getBytes(), good1.value(), good1.headers())).get();
            p.send(new ProducerRecord<>(topic, "json".getBytes(), "{\"sequence\": 150}".getBytes())).get();
            p.send(new ProducerRecord<>(topic, null, "300".getBytes(), wrongMajor.value(), wrongMajor.headers())).get();
            byte[] cut = Arrays.copyOf(good1.value(), good1.value().length / 2);
            p.send(new ProducerRecord<>(topic, null, "cut".getBytes(), cut, good1.headers())).get();
            p.send(new ProducerRecord<>(topic, null, "200".getBytes(), good2.value(), good2.headers())).get();
        }

        List<Long> firstSequences = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> dlqProducer = TestKafka.producer();
             KafkaConsumer<byte[], byte[]> consumer = TestKafka.consumer("dlq-test-group")) {
            ArrowRecordDispatcher dispatcher = new ArrowRecordDispatcher(codec, StellarLedgerSchema.SCHEMA, allocator,
                    new DeadLetterPublisher(dlqProducer));
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (dispatcher.delivered() + dispatcher.deadLettered() < 5 && System.nanoTime() < deadline) {
                dispatcher.dispatch(consumer.poll(Duration.ofMillis(200)), (record, batch) -> {
                    UInt4Vector seq = (UInt4Vector) batch.batches().get(0).getVector(StellarLedgerSchema.SEQUENCE);
                    firstSequences.add(Integer.toUnsignedLong(seq.get(0)));
                });
                consumer.commitSync();
            }
            assertEquals(2, dispatcher.delivered());
            assertEquals(3, dispatcher.deadLettered());
        }
        assertEquals(List.of(100L, 200L), firstSequences, "the consumer went on past the poison records");

        List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.readAll(Topics.deadLetterOf(topic), 3, Duration.ofSeconds(30));
        assertEquals("json", new String(dead.get(0).key()));
        assertEquals("{\"sequence\": 150}", new String(dead.get(0).value()));
        assertTrue(reason(dead.get(0)).startsWith("not an Arrow IPC stream"), reason(dead.get(0)));
        assertEquals("1", RecordHeaders.text(dead.get(0).headers(), DeadLetterPublisher.SOURCE_OFFSET));
        assertEquals(topic, RecordHeaders.text(dead.get(0).headers(), DeadLetterPublisher.SOURCE_TOPIC));
        assertTrue(reason(dead.get(1)).contains("version 2.0.0 is incompatible"), reason(dead.get(1)));
        assertEquals("2.0.0", RecordHeaders.text(dead.get(1).headers(), RecordHeaders.SCHEMA_VERSION), "original headers kept");
        assertTrue(reason(dead.get(2)).contains("truncated"), reason(dead.get(2)));
        assertEquals("3", RecordHeaders.text(dead.get(2).headers(), DeadLetterPublisher.SOURCE_OFFSET));
    }

    private static String reason(ConsumerRecord<byte[], byte[]> r) {
        return RecordHeaders.text(r.headers(), DeadLetterPublisher.REASON);
    }

    private static EncodedRecord ledgers(ArrowKafkaCodec codec, BufferAllocator allocator, int firstSequence, Schema schema) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            RandomRows.fill(root, 10, firstSequence);
            UInt4Vector seq = (UInt4Vector) root.getVector(StellarLedgerSchema.SEQUENCE);
            for (int i = 0; i < 10; i++) {
                seq.set(i, firstSequence + i);
            }
            return codec.encode(root, BatchLabel.ledgers(firstSequence, firstSequence + 9)).get(0);
        }
    }
}
