package io.quiver.llo.arrow;

import static io.quiver.schema.LloSchemas.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.quiver.llo.aggregate.AggregationException;
import io.quiver.llo.aggregate.StreamAggregators;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.RowOutcomeCalculator;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.QuoteValue;
import io.quiver.llo.value.StreamValue;
import io.quiver.llo.value.TimestampedValue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Aggregates a merged {@code Observation} record column-wise: rows are grouped by stream with one
 * primitive sort of (stream id, row) keys, each needed (stream, aggregator) pair reads only its
 * group's cells, and the results are written as a {@code StreamAggregates} record sorted by
 * (stream, aggregator). The aggregation rules themselves are {@link StreamAggregators}, shared
 * with the row path, so both give the same outcome by construction; the comparison tests check it.
 */
public final class ArrowRoundAggregator {

    /** Aggregates and failures of one round; {@link #aggregates()} is owned by the caller. */
    public record Result(VectorSchemaRoot aggregates, SortedMap<StreamRef, String> failures) implements AutoCloseable {
        @Override
        public void close() {
            aggregates.close();
        }
    }

    public Result aggregate(VectorSchemaRoot observations, List<ChannelDefinition> channels,
                            Map<StreamRef, StreamValue> previous, int f, BufferAllocator allocator) {
        int n = observations.getRowCount();
        UInt4Vector stream = (UInt4Vector) observations.getVector(STREAM_ID);
        // (stream id << 32 | row): one primitive sort groups by stream and keeps observation order
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (Integer.toUnsignedLong(stream.get(i)) << 32) | i;
        }
        Arrays.sort(keys);

        Columns cols = new Columns(observations);
        SortedMap<StreamRef, String> failures = new TreeMap<>();
        List<StreamRef> refs = new ArrayList<>();
        List<StreamValue> values = new ArrayList<>();
        int cursor = 0;
        List<StreamValue> group = new ArrayList<>();
        long groupStream = -1;
        for (StreamRef ref : RowOutcomeCalculator.pairsToAggregate(channels)) {
            if (ref.streamId() != groupStream) {
                // advance to this stream's run of rows (pairs and keys are both ascending by stream)
                while (cursor < n && (keys[cursor] >>> 32) < ref.streamId()) {
                    cursor++;
                }
                group.clear();
                int end = cursor;
                while (end < n && (keys[end] >>> 32) == ref.streamId()) {
                    group.add(cols.value((int) keys[end]));
                    end++;
                }
                cursor = end;
                groupStream = ref.streamId();
            }
            StreamValue result = null;
            try {
                result = StreamAggregators.aggregate(ref.aggregator(), group, f);
            } catch (AggregationException e) {
                failures.put(ref, e.getMessage());
            }
            StreamValue chosen = RowOutcomeCalculator.carryForward(previous == null ? null : previous.get(ref), result);
            if (chosen != null) {
                refs.add(ref);
                values.add(chosen);
            }
        }
        return new Result(StreamAggregatesWriter.write(refs, values, allocator), failures);
    }

    /** Typed views of the observation columns. */
    private static final class Columns {
        final UInt1Vector type;
        final VarBinaryVector decimal;
        final VarBinaryVector bid;
        final VarBinaryVector bench;
        final VarBinaryVector ask;
        final UInt8Vector observedAt;

        Columns(VectorSchemaRoot root) {
            type = (UInt1Vector) root.getVector(VALUE_TYPE);
            decimal = (VarBinaryVector) root.getVector(DECIMAL_VALUE);
            bid = (VarBinaryVector) root.getVector(QUOTE_BID);
            bench = (VarBinaryVector) root.getVector(QUOTE_BENCHMARK);
            ask = (VarBinaryVector) root.getVector(QUOTE_ASK);
            observedAt = (UInt8Vector) root.getVector(OBSERVED_AT_NS);
        }

        StreamValue value(int row) {
            return switch (type.get(row)) {
                case VALUE_DECIMAL -> new DecimalValue(LloDecimal.fromBinary(decimal.get(row)));
                case VALUE_QUOTE -> new QuoteValue(LloDecimal.fromBinary(bid.get(row)), LloDecimal.fromBinary(bench.get(row)),
                        LloDecimal.fromBinary(ask.get(row)));
                case VALUE_TIMESTAMPED -> new TimestampedValue(observedAt.get(row), LloDecimal.fromBinary(decimal.get(row)));
                default -> throw new IllegalArgumentException("Observation row " + row + ": unknown value_type " + type.get(row));
            };
        }
    }
}
