package io.quiver.llo.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.QuoteValue;
import io.quiver.llo.value.StreamValue;
import io.quiver.llo.value.TimestampedValue;

/**
 * The LLO plugin's observation wire format ({@code LLOObservationProto}), the parts aggregation
 * uses: the timestamp (field 7, uint64; older nodes write field 3, int64) and the stream values
 * (field 6: map of uint32 stream id to {@code LLOStreamValue {type = 1, value = 2}}). Channel votes
 * and retirement fields are skipped. Decoding enforces LLO's limits: at most 10,000 values,
 * decimal exponents within ±1000, only decimals inside timestamped values.
 */
public final class LloObservationProto {

    public static final int MAX_STREAM_VALUES = 10_000;

    private static final int FIELD_TIMESTAMP_LEGACY = 3;
    private static final int FIELD_STREAM_VALUES = 6;
    private static final int FIELD_TIMESTAMP = 7;

    private LloObservationProto() {
    }

    /** Decodes one node's observation; {@code observer} comes from outside (the attribution). */
    public static NodeObservation decode(byte[] bytes, int observer) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            long timestamp = 0;
            boolean haveNewTimestamp = false;
            Map<Long, StreamValue> values = new LinkedHashMap<>();
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case FIELD_TIMESTAMP_LEGACY -> {
                        long legacy = in.readInt64();
                        if (!haveNewTimestamp) {
                            timestamp = legacy;
                        }
                    }
                    case FIELD_TIMESTAMP -> {
                        timestamp = in.readUInt64();
                        haveNewTimestamp = true;
                    }
                    case FIELD_STREAM_VALUES -> {
                        if (values.size() >= MAX_STREAM_VALUES) {
                            throw new IllegalArgumentException("more than " + MAX_STREAM_VALUES + " stream values");
                        }
                        CodedInputStream entry = CodedInputStream.newInstance(in.readByteArray());
                        long streamId = 0;
                        StreamValue value = null;
                        int t;
                        while ((t = entry.readTag()) != 0) {
                            switch (WireFormat.getTagFieldNumber(t)) {
                                case 1 -> streamId = Integer.toUnsignedLong(entry.readUInt32());
                                case 2 -> value = streamValue(entry.readByteArray(), 0);
                                default -> entry.skipField(t);
                            }
                        }
                        if (value == null) {
                            throw new IllegalArgumentException("stream " + streamId + " has no value");
                        }
                        values.put(streamId, value);
                    }
                    default -> in.skipField(tag);
                }
            }
            return new NodeObservation(observer, timestamp, values);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed LLOObservationProto: " + e.getMessage(), e);
        }
    }

    private static StreamValue streamValue(byte[] llostreamValue, int depth) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(llostreamValue);
        int type = 0;
        byte[] value = new byte[0];
        int t;
        while ((t = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> type = in.readEnum();
                case 2 -> value = in.readByteArray();
                default -> in.skipField(t);
            }
        }
        return switch (type) {
            case StreamValue.TYPE_DECIMAL -> new DecimalValue(LloDecimal.fromOwnedBinary(value));
            case StreamValue.TYPE_QUOTE -> quote(value);
            case StreamValue.TYPE_TIMESTAMPED -> {
                if (depth > 0) {
                    throw new IllegalArgumentException("stream value nesting too deep");
                }
                yield timestamped(value);
            }
            default -> throw new IllegalArgumentException("cannot unmarshal protobuf stream value; unknown StreamValueType " + type);
        };
    }

    private static QuoteValue quote(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        byte[][] parts = new byte[3][];
        int t;
        while ((t = in.readTag()) != 0) {
            int f = WireFormat.getTagFieldNumber(t);
            if (f >= 1 && f <= 3) {
                parts[f - 1] = in.readByteArray();
            } else {
                in.skipField(t);
            }
        }
        for (int i = 0; i < 3; i++) {
            if (parts[i] == null) {
                parts[i] = new byte[0];
            }
        }
        return new QuoteValue(LloDecimal.fromOwnedBinary(parts[0]), LloDecimal.fromOwnedBinary(parts[1]), LloDecimal.fromOwnedBinary(parts[2]));
    }

    private static TimestampedValue timestamped(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        long at = 0;
        StreamValue inner = null;
        int t;
        while ((t = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> at = in.readUInt64();
                case 2 -> inner = streamValue(in.readByteArray(), 1);
                default -> in.skipField(t);
            }
        }
        if (!(inner instanceof DecimalValue d)) {
            throw new IllegalArgumentException("timestamped stream value must hold a decimal");
        }
        return new TimestampedValue(at, d.value());
    }

    /** Encodes an observation in the same format (timestamp in field 7), for producers and tests. */
    public static byte[] encode(NodeObservation o) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeUInt64(FIELD_TIMESTAMP, o.timestampNanos());
            for (Map.Entry<Long, StreamValue> e : o.streamValues().entrySet()) {
                ByteArrayOutputStream sv = new ByteArrayOutputStream();
                CodedOutputStream svOut = CodedOutputStream.newInstance(sv);
                if (e.getValue().type() != 0) {
                    svOut.writeEnum(1, e.getValue().type());
                }
                svOut.writeByteArray(2, e.getValue().toBinary());
                svOut.flush();
                ByteArrayOutputStream entry = new ByteArrayOutputStream();
                CodedOutputStream entryOut = CodedOutputStream.newInstance(entry);
                entryOut.writeUInt32(1, (int) e.getKey().longValue());
                entryOut.writeByteArray(2, sv.toByteArray());
                entryOut.flush();
                out.writeByteArray(FIELD_STREAM_VALUES, entry.toByteArray());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an observation in memory", e);
        }
    }
}
