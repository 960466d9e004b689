package io.quiver.codec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a record covers, written into its headers so consumers can route or skip records without
 * decoding them: a ledger range for Stellar data, a round for LLO data, or nothing.
 */
public final class BatchLabel {

    private static final BatchLabel NONE = new BatchLabel(Map.of());

    private final Map<String, String> headers;

    private BatchLabel(Map<String, String> headers) {
        this.headers = headers;
    }

    public static BatchLabel none() {
        return NONE;
    }

    /** Ledgers {@code first..last}, inclusive. */
    public static BatchLabel ledgers(long first, long last) {
        if (last < first) {
            throw new IllegalArgumentException("ledger range " + first + ".." + last + " is empty");
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put(RecordHeaders.LEDGER_FIRST, Long.toString(first));
        h.put(RecordHeaders.LEDGER_LAST, Long.toString(last));
        return new BatchLabel(h);
    }

    /** An LLO round (OCR sequence number). */
    public static BatchLabel round(long seqNr) {
        return new BatchLabel(Map.of(RecordHeaders.LLO_ROUND, Long.toUnsignedString(seqNr)));
    }

    Map<String, String> headers() {
        return headers;
    }
}
