package io.quiver.sink.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.sink.testing.ServingEvents;
import org.junit.jupiter.api.Test;

/** The feed's hand-written event JSON is, character for character, what Jackson's generator writes for the same fields. */
class EventJsonTest {

    private static final JsonFactory FACTORY = new JsonFactory();

    @Test
    void eventsAreWrittenAsJacksonWritesThem() throws IOException {
        List<TokenTransferEventRow> rows = new ArrayList<>(new ServingEvents(17, 50).rows(1000, 4));
        String[] odd = {"\"", "\\", "a\nb\rc\td\be\ff", "\u0000\u0001\u001f\u007f", "é€😀", "\u2028\u2029", "</script>", ""};
        byte[] hash = new byte[32];
        hash[0] = (byte) 0xAB;
        hash[31] = 0x01;
        for (int i = 0; i < odd.length; i++) {
            rows.add(new TokenTransferEventRow(4_294_967_295L, Instant.parse("2026-12-02T01:02:03.456789Z"), hash, i, i % 2 == 0 ? null : (long) i,
                    i, "transfer", "C" + odd[i], odd[i], null, i % 2 == 0 ? "credit_alphanum12" : null, odd[i], "G" + odd[i],
                    new BigInteger("-170141183460469231731687303715884105728").add(BigInteger.valueOf(i)), odd[i], odd[i],
                    i % 2 == 0 ? Long.valueOf(-1L) : null, i % 2 == 0 ? hash : null));
        }
        int checked = 0;
        for (TokenTransferEventRow e : rows) {
            assertEquals(jackson(e), EventJson.object(e), e.toString());
            checked++;
        }
        assertEquals(200 + odd.length, checked);
    }

    @Test
    void framesAreOneObjectOrAnArray() {
        List<String> parts = List.of("{\"a\":1}", "{\"b\":2}");
        assertEquals("{\"a\":1}", EventJson.frame(parts.subList(0, 1), s -> s));
        assertEquals("[{\"a\":1},{\"b\":2}]", EventJson.frame(parts, s -> s));
    }

    /** The reference: the fields through Jackson's generator, as the feed wrote them before. */
    private static String jackson(TokenTransferEventRow e) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
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
        return w.toString();
    }
}
