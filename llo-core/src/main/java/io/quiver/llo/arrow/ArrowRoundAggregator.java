package io.quiver.llo.arrow;

import static io.quiver.schema.LloSchemas.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.quiver.llo.aggregate.AggregationException;
import io.quiver.llo.aggregate.Aggregator;
import io.quiver.llo.aggregate.StreamAggregators;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.RowOutcomeCalculator;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.StreamValue;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Aggregates a merged {@code Observation} record column-wise: rows are grouped by stream with one
 * primitive sort of (stream id, row) keys, each needed (stream, aggregator) pair reads only its
 * group's cells, and the results are written as a {@code StreamAggregates} record sorted by
 * (stream, aggregator). The aggregation rules themselves are {@link StreamAggregators}, shared
 * with the row path, so both give the same outcome by construction; the comparison tests check it.
 */
public final class ArrowRoundAggregator {

    /**
     * One round's aggregates: the {@code StreamAggregates} record (owned by the caller), the same
     * values as objects in the record's row order (what produced it, so nobody decodes it back),
     * and the failures.
     */
    public record Result(VectorSchemaRoot aggregates, List<StreamRef> refs, List<StreamValue> values,
                         SortedMap<StreamRef, String> failures) implements AutoCloseable {

        /** The values keyed by (stream, aggregator). */
        public Map<StreamRef, StreamValue> valueMap() {
            Map<StreamRef, StreamValue> m = new HashMap<>(refs.size() * 2);
            for (int i = 0; i < refs.size(); i++) {
                m.put(refs.get(i), values.get(i));
            }
            return m;
        }

        @Override
        public void close() {
            aggregates.close();
        }
    }

    public Result aggregate(VectorSchemaRoot observations, List<ChannelDefinition> channels,
                            Map<StreamRef, StreamValue> previous, int f, BufferAllocator allocator) {
        int n = observations.getRowCount();
        UInt4Vector stream = (UInt4Vector) observations.getVector(STREAM_ID);
        long[] keys = groupByStream(stream, n);
        Columns cols = new Columns(observations);
        SortedMap<StreamRef, String> failures = new TreeMap<>();
        List<StreamRef> refs = new ArrayList<>();
        List<StreamValue> values = new ArrayList<>();
        int cursor = 0;
        int groupStart = 0;
        int groupEnd = 0;
        List<StreamValue> group = null;
        long groupStream = -1;
        for (StreamRef ref : RowOutcomeCalculator.pairsToAggregate(channels)) {
            if (ref.streamId() != groupStream) {
                // advance to this stream's run of rows (pairs and keys are both ascending by stream)
                while (cursor < n && (keys[cursor] >>> 32) < ref.streamId()) {
                    cursor++;
                }
                groupStart = cursor;
                while (cursor < n && (keys[cursor] >>> 32) == ref.streamId()) {
                    cursor++;
                }
                groupEnd = cursor;
                group = null; // materialized only if a pair needs the general path
                groupStream = ref.streamId();
            }
            StreamValue result = null;
            try {
                result = ref.aggregator() == Aggregator.MEDIAN ? cols.fastDecimalMedian(keys, groupStart, groupEnd, f) : null;
                if (result == null) {
                    if (group == null) {
                        group = new ArrayList<>(groupEnd - groupStart);
                        for (int k = groupStart; k < groupEnd; k++) {
                            group.add(cols.v.get((int) keys[k]));
                        }
                    }
                    result = StreamAggregators.aggregate(ref.aggregator(), group, f);
                }
            } catch (AggregationException e) {
                failures.put(ref, e.getMessage());
            }
            StreamValue chosen = RowOutcomeCalculator.carryForward(previous == null ? null : previous.get(ref), result);
            if (chosen != null) {
                refs.add(ref);
                values.add(chosen);
            }
        }
        return new Result(StreamAggregatesWriter.write(refs, values, allocator), refs, values, failures);
    }

    /**
     * Row numbers grouped by stream id, ascending, observation order kept within a stream, as
     * {@code (stream id << 32 | row)} keys. Dense ids (the usual case) take a counting sort, O(n);
     * sparse ids one primitive sort.
     */
    static long[] groupByStream(UInt4Vector stream, int n) {
        long[] keys = new long[n];
        if (n == 0) {
            return keys;
        }
        // one pass over the column; the rest works on a plain array
        int[] ids = new int[n];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            int raw = stream.get(i);
            ids[i] = raw;
            long id = Integer.toUnsignedLong(raw);
            min = Math.min(min, id);
            max = Math.max(max, id);
        }
        long range = max - min + 1;
        if (range > 4L * n + 1024) {
            for (int i = 0; i < n; i++) {
                keys[i] = (Integer.toUnsignedLong(ids[i]) << 32) | i;
            }
            Arrays.sort(keys);
            return keys;
        }
        int[] start = new int[(int) range + 1];
        for (int i = 0; i < n; i++) {
            start[(int) (Integer.toUnsignedLong(ids[i]) - min) + 1]++;
        }
        for (int b = 1; b < start.length; b++) {
            start[b] += start[b - 1];
        }
        for (int i = 0; i < n; i++) {
            long id = Integer.toUnsignedLong(ids[i]);
            keys[start[(int) (id - min)]++] = (id << 32) | i;
        }
        return keys;
    }

    /** The observation's value columns, plus the fast median that reads them without decoding. */
    private static final class Columns {
        final StreamValueCells v;
        /** Reused per group: the fast median allocates nothing per stream but its result. */
        private long[] scratch = new long[32];
        private long[] sorted = new long[32];

        Columns(VectorSchemaRoot root) {
            v = new StreamValueCells(root);
        }

        /**
         * The median of a group of plain decimals that share one exponent and whose coefficients
         * fit in 56 bits (the common case of price streams), read straight from the column's
         * buffers without building decimal objects; numeric order is then coefficient order, so
         * the result is the general rule's. Returns null when the group does not qualify.
         */
        StreamValue fastDecimalMedian(long[] keys, int from, int to, int f) throws AggregationException {
            int count = to - from;
            if (count == 0) {
                return null;
            }
            ArrowBuf data = v.decimal.getDataBuffer();
            ArrowBuf offsets = v.decimal.getOffsetBuffer();
            if (scratch.length < count) {
                scratch = new long[count];
                sorted = new long[count];
            }
            long[] coefficients = scratch;
            int exponent = 0;
            for (int k = 0; k < count; k++) {
                int row = (int) keys[from + k];
                if (v.type.get(row) != VALUE_DECIMAL || v.decimal.isNull(row)) {
                    return null;
                }
                int start = offsets.getInt((long) row * 4);
                int end = offsets.getInt((long) (row + 1) * 4);
                int len = end - start - 5;
                if (len < 0 || len > 7) {
                    return null;
                }
                int exp = Integer.reverseBytes(data.getInt(start)); // big-endian on the wire
                if (k == 0) {
                    exponent = exp;
                } else if (exp != exponent) {
                    return null;
                }
                long magnitude;
                int sign;
                if (start + 12L <= data.capacity()) {
                    // one read: the sign byte then up to 7 magnitude bytes, big-endian (bytes past
                    // this value's end are shifted away)
                    long word = Long.reverseBytes(data.getLong(start + 4));
                    sign = (int) (word >>> 56);
                    magnitude = len == 0 ? 0 : (word << 8) >>> (64 - 8 * len);
                } else {
                    sign = data.getByte(start + 4);
                    magnitude = 0;
                    for (int b = 0; b < len; b++) {
                        magnitude = (magnitude << 8) | (data.getByte(start + 5 + b) & 0xff);
                    }
                }
                if (sign != 2 && sign != 3) {
                    return null; // malformed: the general path reports it
                }
                coefficients[k] = sign == 3 ? -magnitude : magnitude;
            }
            if (count <= f) {
                throw new AggregationException("not enough observations to calculate median, expected at least f+1, got " + count);
            }
            System.arraycopy(coefficients, 0, sorted, 0, count);
            Arrays.sort(sorted, 0, count);
            long median = sorted[count / 2];
            for (int k = 0; k < count; k++) {
                if (coefficients[k] == median) {
                    // equal coefficient and exponent: the same bytes, whichever row holds them
                    return new DecimalValue(LloDecimal.fromOwnedBinary(v.decimal.get((int) keys[from + k])));
                }
            }
            throw new IllegalStateException("median not found"); // unreachable
        }
    }
}
