package io.quiver.codec;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Kafka header names Quiver puts on every Arrow record. Values are UTF-8 text (numbers in decimal),
 * so any client can read them without Quiver's code.
 */
public final class RecordHeaders {

    /** Always {@value #CONTENT_TYPE_ARROW_STREAM}. */
    public static final String CONTENT_TYPE = "content-type";
    public static final String CONTENT_TYPE_ARROW_STREAM = "application/vnd.apache.arrow.stream";
    public static final String SCHEMA_NAME = "quiver.schema.name";
    public static final String SCHEMA_VERSION = "quiver.schema.version";
    public static final String ROW_COUNT = "quiver.row.count";
    public static final String COMPRESSION = "quiver.compression";
    /** First and last ledger sequence covered by a Stellar record (inclusive). */
    public static final String LEDGER_FIRST = "quiver.ledger.first";
    public static final String LEDGER_LAST = "quiver.ledger.last";
    /** OCR sequence number of the LLO round a record belongs to. */
    public static final String LLO_ROUND = "quiver.llo.round";

    private RecordHeaders() {
    }

    /** The last value of a header as text, or null when absent. */
    public static String text(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A numeric header, empty when absent or not a number. */
    public static OptionalLong number(Headers headers, String name) {
        String t = text(headers, name);
        if (t == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(t.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
