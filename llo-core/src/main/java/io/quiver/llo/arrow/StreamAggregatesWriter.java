package io.quiver.llo.arrow;

import static io.quiver.schema.LloSchemas.*;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import io.quiver.llo.aggregate.Aggregator;

import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.StreamValue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt4Vector;
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
            StreamValueCells columns = new StreamValueCells(root);
            for (int i = 0; i < refs.size(); i++) {
                stream.setSafe(i, (int) refs.get(i).streamId());
                agg.setSafe(i, refs.get(i).aggregator().code());
                columns.set(i, values.get(i));
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
        StreamValueCells columns = new StreamValueCells(root);
        SortedMap<StreamRef, StreamValue> out = new TreeMap<>();
        for (int i = 0; i < root.getRowCount(); i++) {
            StreamRef ref = new StreamRef(Integer.toUnsignedLong(stream.get(i)), Aggregator.ofCode(agg.get(i)));
            StreamValue v = columns.get(i);
            out.put(ref, v);
        }
        return out;
    }
}
