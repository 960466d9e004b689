package io.quiver.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.quiver.codec.RecordHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("stellar.ledgers.v1", 3, 42L, key, value);
        r.headers().add(new RecordHeader(RecordHeaders.CONTENT_TYPE, "application/vnd.apache.arrow.stream".getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    @Test
    void aDeadLetterIsTheRecordUnchangedWithItsOneLineReasonAndWhereItCameFrom() {
        ProducerRecord<byte[], byte[]> d = DeadLetterPublisher.deadLetter(record("7".getBytes(), "not arrow".getBytes()),
                "first line\nsecond line");
        assertEquals("stellar.ledgers.v1.dlq", d.topic());
        assertArrayEquals("7".getBytes(), d.key());
        assertArrayEquals("not arrow".getBytes(), d.value());
        assertEquals("first line second line", RecordHeaders.text(d.headers(), DeadLetterPublisher.REASON));
        assertEquals("stellar.ledgers.v1", RecordHeaders.text(d.headers(), DeadLetterPublisher.SOURCE_TOPIC));
        assertEquals("3", RecordHeaders.text(d.headers(), DeadLetterPublisher.SOURCE_PARTITION));
        assertEquals("42", RecordHeaders.text(d.headers(), DeadLetterPublisher.SOURCE_OFFSET));
        assertEquals("application/vnd.apache.arrow.stream", RecordHeaders.text(d.headers(), RecordHeaders.CONTENT_TYPE));
        assertNull(d.headers().lastHeader(DeadLetterPublisher.VALUE_BYTES));
    }

    @Test
    void aRecordTooLargeForTheDeadLetterTopicKeepsAnExcerptAndSaysWhereTheWholeOneIs() {
        byte[] big = new byte[(1 << 20) + 1];
        Arrays.fill(big, (byte) 7);
        ProducerRecord<byte[], byte[]> d = DeadLetterPublisher.deadLetter(record("7".getBytes(), big), "not an Arrow IPC stream", 1 << 20);
        assertEquals(DeadLetterPublisher.EXCERPT_BYTES, d.value().length);
        assertEquals(Integer.toString(big.length), RecordHeaders.text(d.headers(), DeadLetterPublisher.VALUE_BYTES));
        String reason = RecordHeaders.text(d.headers(), DeadLetterPublisher.REASON);
        assertTrue(reason.startsWith("not an Arrow IPC stream (value of 1048577 bytes cut to its first 1024")
                && reason.contains("stellar.ledgers.v1-3@42"), reason);
    }

    @Test
    void nullKeysAndValuesStayNull() {
        ProducerRecord<byte[], byte[]> d = DeadLetterPublisher.deadLetter(record(null, null), "null value", 0);
        assertNull(d.key());
        assertNull(d.value());
    }
}
