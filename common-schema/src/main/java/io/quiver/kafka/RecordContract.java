package io.quiver.kafka;

import io.quiver.codec.RecordHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What every record on a Quiver topic carries before its value is even looked at: a key (the
 * first ledger, the channel group: it decides the partition, so a record without one was not
 * written by a Quiver producer or a client following the README) and a value with its
 * {@code content-type} header (how consumers route a record without decoding it). A record that
 * breaks this goes to the dead-letter topic with the reason this class gives. The header is
 * checked after the value decoded, so a record that is wrong in both ways is named for its value.
 */
public final class RecordContract {

    private RecordContract() {
    }

    /** Why {@code r} lacks its key or value, or null when it has both (the value may still be poison). */
    public static String violation(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return "null value (a tombstone): records of " + r.topic() + " carry a batch";
        }
        if (r.key() == null) {
            return "null key: records of " + r.topic() + " are keyed (first ledger or channel group)";
        }
        return null;
    }

    /** Why the headers of {@code r}, whose value decoded, break the contract, or null. */
    public static String headerViolation(ConsumerRecord<byte[], byte[]> r) {
        if (RecordHeaders.text(r.headers(), RecordHeaders.CONTENT_TYPE) == null) {
            return "no " + RecordHeaders.CONTENT_TYPE + " header (expected " + RecordHeaders.CONTENT_TYPE_ARROW_STREAM + ")";
        }
        return null;
    }
}
