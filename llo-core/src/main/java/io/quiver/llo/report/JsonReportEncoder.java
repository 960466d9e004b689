package io.quiver.llo.report;

import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.QuoteValue;
import io.quiver.llo.value.StreamValue;
import io.quiver.llo.value.TimestampedValue;

/**
 * The {@code json} report format (code 2), LLO's chain-agnostic debug report:
 * {@code {ConfigDigest, SeqNr, ChannelID, ValidAfterNanoseconds, ObservationTimestampNanoseconds,
 * Values: [{"t": type, "v": text}], Specimen}}, values in the channel's stream order, each in its
 * text form ({@link #text}). The config digest is written as lowercase hex.
 */
public final class JsonReportEncoder {

    public static final int REPORT_FORMAT_JSON = 2;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReportEncoder() {
    }

    public static byte[] encode(byte[] configDigest, long seqNr, long channelId, long validAfterNanos, long observationTimestampNanos,
                                List<StreamValue> values, boolean specimen) {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("ConfigDigest", HexFormat.of().formatHex(configDigest));
        r.put("SeqNr", seqNr);
        r.put("ChannelID", channelId);
        r.put("ValidAfterNanoseconds", validAfterNanos);
        r.put("ObservationTimestampNanoseconds", observationTimestampNanos);
        ArrayNode vs = r.putArray("Values");
        for (StreamValue v : values) {
            vs.addObject().put("t", v.type()).put("v", text(v));
        }
        r.put("Specimen", specimen);
        try {
            return MAPPER.writeValueAsBytes(r);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a json report", e);
        }
    }

    /**
     * A value's text form, as LLO's {@code MarshalText}: a decimal as printed ({@code 4.4}); a quote as
     * {@code Q{Bid: 1, Benchmark: 2, Ask: 3}}; a timestamped value as
     * {@code TSV{ObservedAtNanoseconds: 100, StreamValue: {"t":0,"v":"2.6"}}}.
     */
    public static String text(StreamValue v) {
        if (v instanceof DecimalValue d) {
            return d.value().toString();
        }
        if (v instanceof QuoteValue q) {
            return "Q{Bid: " + q.bid() + ", Benchmark: " + q.benchmark() + ", Ask: " + q.ask() + "}";
        }
        TimestampedValue t = (TimestampedValue) v;
        return "TSV{ObservedAtNanoseconds: " + Long.toUnsignedString(t.observedAtNanos())
                + ", StreamValue: {\"t\":0,\"v\":\"" + t.value() + "\"}}";
    }
}
