package io.quiver.sink.live;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quiver.schema.rows.TokenTransferEventRow;

/**
 * A token transfer event as the feed writes it: the same keys and forms as {@code GET /v1/events}
 * (the schema's column names without {@code amount_decimal}; amounts as exact decimal text,
 * {@code closed_at} ISO-8601 UTC, hashes hex) and its {@code cursor}.
 */
final class EventJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJson() {
    }

    static String object(TokenTransferEventRow e) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(g, e);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return w.toString();
    }

    /** One event as an object, several as an array of the objects already written. */
    static String frame(List<String> objects) {
        if (objects.size() == 1) {
            return objects.get(0);
        }
        StringBuilder sb = new StringBuilder(objects.size() * 520);
        sb.append('[');
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(objects.get(i));
        }
        return sb.append(']').toString();
    }

    private static void write(JsonGenerator g, TokenTransferEventRow e) throws IOException {
        g.writeStartObject();
        g.writeStringField("event_id", e.eventId());
        g.writeNumberField("ledger_sequence", e.ledgerSequence());
        g.writeStringField("closed_at", e.closedAt().toString());
        g.writeStringField("tx_hash", HexFormat.of().formatHex(e.txHash()));
        g.writeNumberField("transaction_index", e.transactionIndex());
        g.writeFieldName("operation_index");
        if (e.operationIndex() == null) {
            g.writeNull();
        } else {
            g.writeNumber(e.operationIndex());
        }
        g.writeNumberField("event_index", e.eventIndex());
        g.writeStringField("event_type", e.eventType());
        g.writeStringField("contract_address", e.contractAddress());
        g.writeStringField("from", e.from());
        g.writeStringField("to", e.to());
        g.writeStringField("asset_type", e.assetType());
        g.writeStringField("asset_code", e.assetCode());
        g.writeStringField("asset_issuer", e.assetIssuer());
        g.writeStringField("amount", e.amount().toString());
        g.writeStringField("to_muxed_type", e.toMuxedType());
        g.writeStringField("to_muxed_text", e.toMuxedText());
        g.writeFieldName("to_muxed_id");
        if (e.toMuxedId() == null) {
            g.writeNull();
        } else {
            g.writeNumber(new BigInteger(Long.toUnsignedString(e.toMuxedId())));
        }
        g.writeStringField("to_muxed_hash", e.toMuxedHash() == null ? null : HexFormat.of().formatHex(e.toMuxedHash()));
        g.writeStringField("cursor", e.ledgerSequence() + "-" + e.eventIndex());
        g.writeEndObject();
    }
}
