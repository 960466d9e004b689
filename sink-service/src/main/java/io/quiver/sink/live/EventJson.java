package io.quiver.sink.live;

import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import io.quiver.schema.rows.TokenTransferEventRow;

/**
 * A token transfer event as the feed writes it: the same keys and forms as {@code GET /v1/events}
 * (the schema's column names without {@code amount_decimal}; amounts as exact decimal text,
 * {@code closed_at} ISO-8601 UTC, hashes hex) and its {@code cursor}.
 */
final class EventJson {

    private static final HexFormat HEX = HexFormat.of();
    private static final String UPPER_HEX = "0123456789ABCDEF";

    private EventJson() {
    }

    static String object(TokenTransferEventRow e) {
        // written by hand, not through a JSON generator: the feed writes every event it hands out
        // (EventJsonTest checks the text against Jackson's)
        StringBuilder sb = new StringBuilder(640);
        sb.append("{\"event_id\":");
        string(sb, e.eventId());
        sb.append(",\"ledger_sequence\":").append(e.ledgerSequence());
        stringField(sb, "closed_at", e.closedAt().toString());
        stringField(sb, "tx_hash", HEX.formatHex(e.txHash()));
        sb.append(",\"transaction_index\":").append(e.transactionIndex());
        sb.append(",\"operation_index\":").append(e.operationIndex() == null ? "null" : e.operationIndex().toString());
        sb.append(",\"event_index\":").append(e.eventIndex());
        stringField(sb, "event_type", e.eventType());
        stringField(sb, "contract_address", e.contractAddress());
        stringField(sb, "from", e.from());
        stringField(sb, "to", e.to());
        stringField(sb, "asset_type", e.assetType());
        stringField(sb, "asset_code", e.assetCode());
        stringField(sb, "asset_issuer", e.assetIssuer());
        stringField(sb, "amount", e.amount().toString());
        stringField(sb, "to_muxed_type", e.toMuxedType());
        stringField(sb, "to_muxed_text", e.toMuxedText());
        sb.append(",\"to_muxed_id\":").append(e.toMuxedId() == null ? "null" : Long.toUnsignedString(e.toMuxedId()));
        stringField(sb, "to_muxed_hash", e.toMuxedHash() == null ? null : HEX.formatHex(e.toMuxedHash()));
        sb.append(",\"cursor\":\"").append(e.ledgerSequence()).append('-').append(e.eventIndex()).append("\"}");
        return sb.toString();
    }

    /** {@code ,"name":} and {@code value} as a JSON string (or null). */
    private static void stringField(StringBuilder sb, String name, String value) {
        sb.append(",\"").append(name).append("\":");
        string(sb, value);
    }

    /** {@code s} as a JSON string (or null): quote, backslash and control characters escaped, the rest as is. */
    static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            sb.append(s, from, i).append('\\');
            switch (c) {
                case '"', '\\' -> sb.append(c);
                case '\n' -> sb.append('n');
                case '\r' -> sb.append('r');
                case '\t' -> sb.append('t');
                case '\b' -> sb.append('b');
                case '\f' -> sb.append('f');
                default -> sb.append("u00").append(UPPER_HEX.charAt(c >> 4)).append(UPPER_HEX.charAt(c & 0xF));
            }
            from = i + 1;
        }
        sb.append(s, from, s.length()).append('"');
    }

    /** One event as an object, several as an array of the objects already written ({@code json} of each item). */
    static <T> String frame(List<T> items, Function<T, String> json) {
        if (items.size() == 1) {
            return json.apply(items.get(0));
        }
        int length = 2;
        for (T item : items) {
            length += json.apply(item).length() + 1;
        }
        StringBuilder sb = new StringBuilder(length);
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(json.apply(items.get(i)));
        }
        return sb.append(']').toString();
    }
}
