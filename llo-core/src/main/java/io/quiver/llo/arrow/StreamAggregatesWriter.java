package io.quiver.llo.arrow;

import static io.quiver.schema.LloSchemas.*;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import io.quiver.llo.aggregate.Aggregator;
import io.quiver.llo.value.LloDecimal;

import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.QuoteValue;
import io.quiver.llo.value.StreamValue;
import io.quiver.llo.value.TimestampedValue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Writes (stream, aggregator) -> value rows into a {@code StreamAggregates} record, and reads them back. */
public final class StreamAggregatesWriter {

    private StreamAggregatesWriter() {
    }

    public static VectorSchemaRoot write(List<StreamRef> refs, List<StreamValue> values, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(STREAM_AGGREGATES.arrowSchema(), allocator);
        try {
            // sized to the row count (not Arrow's default of ~4k rows): rounds draw from a bounded allocator
            for (var v : root.getFieldVectors()) {
                v.setInitialCapacity(Math.max(1, refs.size()));
                v.allocateNew();
            }
            UInt4Vector stream = (UInt4Vector) root.getVector(STREAM_ID);
            UInt4Vector agg = (UInt4Vector) root.getVector(AGGREGATOR);
            UInt1Vector type = (UInt1Vector) root.getVector(VALUE_TYPE);
            VarBinaryVector decimal = (VarBinaryVector) root.getVector(DECIMAL_VALUE);
            VarBinaryVector bid = (VarBinaryVector) root.getVector(QUOTE_BID);
            VarBinaryVector bench = (VarBinaryVector) root.getVector(QUOTE_BENCHMARK);
            VarBinaryVector ask = (VarBinaryVector) root.getVector(QUOTE_ASK);
            UInt8Vector observedAt = (UInt8Vector) root.getVector(OBSERVED_AT_NS);
            for (int i = 0; i < refs.size(); i++) {
                StreamValue v = values.get(i);
                stream.setSafe(i, (int) refs.get(i).streamId());
                agg.setSafe(i, refs.get(i).aggregator().code());
                type.setSafe(i, v.type());
                if (v instanceof DecimalValue d) {
                    decimal.setSafe(i, d.value().toBinary());
                } else if (v instanceof QuoteValue q) {
                    bid.setSafe(i, q.bid().toBinary());
                    bench.setSafe(i, q.benchmark().toBinary());
                    ask.setSafe(i, q.ask().toBinary());
                } else if (v instanceof TimestampedValue t) {
                    decimal.setSafe(i, t.value().toBinary());
                    observedAt.setSafe(i, t.observedAtNanos());
                }
            }
            root.setRowCount(refs.size());
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** Reads a {@code StreamAggregates} record back into values keyed by (stream, aggregator). */
    public static SortedMap<StreamRef, StreamValue> read(VectorSchemaRoot root) {
        UInt4Vector stream = (UInt4Vector) root.getVector(STREAM_ID);
        UInt4Vector agg = (UInt4Vector) root.getVector(AGGREGATOR);
        UInt1Vector type = (UInt1Vector) root.getVector(VALUE_TYPE);
        VarBinaryVector decimal = (VarBinaryVector) root.getVector(DECIMAL_VALUE);
        VarBinaryVector bid = (VarBinaryVector) root.getVector(QUOTE_BID);
        VarBinaryVector bench = (VarBinaryVector) root.getVector(QUOTE_BENCHMARK);
        VarBinaryVector ask = (VarBinaryVector) root.getVector(QUOTE_ASK);
        UInt8Vector observedAt = (UInt8Vector) root.getVector(OBSERVED_AT_NS);
        SortedMap<StreamRef, StreamValue> out = new TreeMap<>();
        for (int i = 0; i < root.getRowCount(); i++) {
            StreamRef ref = new StreamRef(Integer.toUnsignedLong(stream.get(i)), Aggregator.ofCode(agg.get(i)));
            StreamValue v = switch (type.get(i)) {
                case VALUE_DECIMAL -> new DecimalValue(LloDecimal.fromBinary(decimal.get(i)));
                case VALUE_QUOTE -> new QuoteValue(LloDecimal.fromBinary(bid.get(i)), LloDecimal.fromBinary(bench.get(i)),
                        LloDecimal.fromBinary(ask.get(i)));
                default -> new TimestampedValue(observedAt.get(i), LloDecimal.fromBinary(decimal.get(i)));
            };
            out.put(ref, v);
        }
        return out;
    }
}
