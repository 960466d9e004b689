package io.quiver.llo.json;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.llo.aggregate.Aggregator;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.round.RoundInput;
import io.quiver.llo.round.RoundOutcome;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.QuoteValue;
import io.quiver.llo.value.StreamValue;
import io.quiver.llo.value.TimestampedValue;

/**
 * The JSON contract of {@code ./quiver llo aggregate}: reads a round's input, writes its outcome.
 * Nanosecond numbers are decimal strings (JSON numbers lose precision past 2^53); plain JSON
 * integers are accepted too. Decimals are strings and keep their written digits.
 */
public final class RoundJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private RoundJson() {
    }

    public static RoundInput parse(InputStream in) throws MalformedRoundException, IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonParseException e) {
            throw new MalformedRoundException("not valid JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedRoundException("the input must be a JSON object");
        }
        JsonNode fNode = root.get("f");
        if (fNode == null || !fNode.canConvertToInt() || !fNode.isIntegralNumber() || fNode.asInt() < 0) {
            throw new MalformedRoundException("'f' must be a non-negative integer");
        }
        int f = fNode.asInt();
        List<ChannelDefinition> channels = channels(required(root, "channels", "input"));
        Map<StreamRef, StreamValue> previous = new HashMap<>();
        JsonNode prev = root.get("previousOutcome");
        if (prev != null && !prev.isNull()) {
            JsonNode aggs = prev.get("streamAggregates");
            if (aggs != null && !aggs.isNull()) {
                if (!aggs.isArray()) {
                    throw new MalformedRoundException("'previousOutcome.streamAggregates' must be an array");
                }
                int i = 0;
                for (JsonNode a : aggs) {
                    String where = "previousOutcome.streamAggregates[" + i++ + "]";
                    StreamRef ref = new StreamRef(uint32(required(a, "streamId", where), where + ".streamId"),
                            aggregator(required(a, "aggregator", where), where + ".aggregator"));
                    previous.put(ref, value(required(a, "value", where), where + ".value"));
                }
            }
        }
        JsonNode obsNode = required(root, "observations", "input");
        if (!obsNode.isArray()) {
            throw new MalformedRoundException("'observations' must be an array");
        }
        List<NodeObservation> observations = new ArrayList<>();
        int i = 0;
        for (JsonNode o : obsNode) {
            String where = "observations[" + i++ + "]";
            if (!o.isObject()) {
                throw new MalformedRoundException(where + " must be an object");
            }
            long observer = integer(required(o, "observer", where), where + ".observer", BigInteger.valueOf(255)).longValue();
            long ts = integer(required(o, "timestampNanoseconds", where), where + ".timestampNanoseconds", UINT64_MAX).longValue();
            Map<Long, StreamValue> values = new LinkedHashMap<>();
            JsonNode sv = o.get("streamValues");
            if (sv != null && !sv.isNull()) {
                if (!sv.isObject()) {
                    throw new MalformedRoundException(where + ".streamValues must be an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = sv.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String key = where + ".streamValues." + e.getKey();
                    values.put(uint32Key(e.getKey(), key), value(e.getValue(), key));
                }
            }
            observations.add(new NodeObservation((int) observer, ts, values));
        }
        return new RoundInput(f, channels, previous, observations);
    }

    /** Channel definitions alone: a JSON object keyed by channel id, as in the round input's {@code channels}. */
    public static List<ChannelDefinition> parseChannels(InputStream in) throws MalformedRoundException, IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonParseException e) {
            throw new MalformedRoundException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null) {
            throw new MalformedRoundException("empty channel definitions");
        }
        return channels(root.has("channels") ? root.get("channels") : root);
    }

    private static List<ChannelDefinition> channels(JsonNode node) throws MalformedRoundException {
        if (!node.isObject()) {
            throw new MalformedRoundException("'channels' must be an object keyed by channel id");
        }
        List<ChannelDefinition> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "channels." + e.getKey();
            long id = uint32Key(e.getKey(), where);
            JsonNode c = e.getValue();
            if (!c.isObject()) {
                throw new MalformedRoundException(where + " must be an object");
            }
            JsonNode format = c.get("reportFormat");
            JsonNode streams = required(c, "streams", where);
            if (!streams.isArray()) {
                throw new MalformedRoundException(where + ".streams must be an array");
            }
            List<StreamRef> refs = new ArrayList<>();
            int i = 0;
            for (JsonNode s : streams) {
                String sw = where + ".streams[" + i++ + "]";
                refs.add(new StreamRef(uint32(required(s, "streamId", sw), sw + ".streamId"),
                        aggregator(required(s, "aggregator", sw), sw + ".aggregator")));
            }
            JsonNode tomb = c.get("tombstone");
            if (tomb != null && !tomb.isNull() && !tomb.isBoolean()) {
                throw new MalformedRoundException(where + ".tombstone must be true or false");
            }
            out.add(new ChannelDefinition(id, format == null ? null : format.asText(), refs, tomb != null && tomb.asBoolean()));
        }
        return out;
    }

    static StreamValue value(JsonNode v, String where) throws MalformedRoundException {
        if (v == null || !v.isObject() || v.size() != 1) {
            throw new MalformedRoundException(where + " must be an object with exactly one of decimal, quote, timestamped");
        }
        if (v.has("decimal")) {
            return new DecimalValue(decimal(v.get("decimal"), where + ".decimal"));
        }
        if (v.has("quote")) {
            JsonNode q = v.get("quote");
            String qw = where + ".quote";
            return new QuoteValue(decimal(required(q, "bid", qw), qw + ".bid"), decimal(required(q, "benchmark", qw), qw + ".benchmark"),
                    decimal(required(q, "ask", qw), qw + ".ask"));
        }
        if (v.has("timestamped")) {
            JsonNode t = v.get("timestamped");
            String tw = where + ".timestamped";
            return new TimestampedValue(integer(required(t, "observedAtNanoseconds", tw), tw + ".observedAtNanoseconds", UINT64_MAX).longValue(),
                    decimal(required(t, "decimal", tw), tw + ".decimal"));
        }
        throw new MalformedRoundException(where + " must be one of decimal, quote, timestamped, got '" + v.fieldNames().next() + "'");
    }

    private static LloDecimal decimal(JsonNode n, String where) throws MalformedRoundException {
        if (!n.isTextual()) {
            throw new MalformedRoundException(where + " must be a decimal string (written digits are kept), got " + n);
        }
        try {
            return LloDecimal.parse(n.asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedRoundException(where + ": " + e.getMessage());
        }
    }

    private static Aggregator aggregator(JsonNode n, String where) throws MalformedRoundException {
        try {
            return Aggregator.parse(n.asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedRoundException(where + ": " + e.getMessage());
        }
    }

    private static JsonNode required(JsonNode parent, String field, String where) throws MalformedRoundException {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            throw new MalformedRoundException(where + " lacks '" + field + "'");
        }
        return n;
    }

    private static long uint32(JsonNode n, String where) throws MalformedRoundException {
        return integer(n, where, BigInteger.valueOf(0xFFFF_FFFFL)).longValue();
    }

    private static long uint32Key(String key, String where) throws MalformedRoundException {
        try {
            BigInteger v = new BigInteger(key);
            if (v.signum() < 0 || v.bitLength() > 32) {
                throw new NumberFormatException();
            }
            return v.longValue();
        } catch (NumberFormatException e) {
            throw new MalformedRoundException(where + ": key '" + key + "' is not a uint32 id");
        }
    }

    /** An unsigned integer given as a JSON integer or a decimal string, at most {@code max}. */
    private static BigInteger integer(JsonNode n, String where, BigInteger max) throws MalformedRoundException {
        BigInteger v;
        if (n.isIntegralNumber()) {
            v = n.bigIntegerValue();
        } else if (n.isTextual() && n.asText().matches("[0-9]+")) {
            v = new BigInteger(n.asText());
        } else {
            throw new MalformedRoundException(where + " must be an unsigned integer (or its decimal string), got " + n);
        }
        if (v.signum() < 0 || v.compareTo(max) > 0) {
            throw new MalformedRoundException(where + " is out of range (0.." + max + "): " + v);
        }
        return v;
    }

    /** The outcome as the contract's JSON object. */
    public static String render(RoundOutcome outcome) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("observationTimestampNanoseconds", Long.toUnsignedString(outcome.observationTimestampNanos()));
        ArrayNode aggs = root.putArray("streamAggregates");
        outcome.aggregates().forEach((ref, value) -> {
            ObjectNode a = aggs.addObject();
            a.put("streamId", ref.streamId());
            a.put("aggregator", ref.aggregator().jsonName());
            a.set("value", valueJson(value));
        });
        ArrayNode failures = root.putArray("failures");
        outcome.failures().forEach((ref, error) -> {
            ObjectNode a = failures.addObject();
            a.put("streamId", ref.streamId());
            a.put("aggregator", ref.aggregator().jsonName());
            a.put("error", error);
        });
        return root.toString();
    }

    static ObjectNode valueJson(StreamValue v) {
        ObjectNode n = MAPPER.createObjectNode();
        if (v instanceof DecimalValue d) {
            n.put("decimal", d.value().toString());
        } else if (v instanceof QuoteValue q) {
            ObjectNode o = n.putObject("quote");
            o.put("bid", q.bid().toString());
            o.put("benchmark", q.benchmark().toString());
            o.put("ask", q.ask().toString());
        } else if (v instanceof TimestampedValue t) {
            ObjectNode o = n.putObject("timestamped");
            o.put("observedAtNanoseconds", Long.toUnsignedString(t.observedAtNanos()));
            o.put("decimal", t.value().toString());
        }
        return n;
    }
}
