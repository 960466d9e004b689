package io.quiver.llo.arrow;

import static io.quiver.schema.LloSchemas.*;

import java.util.List;
import java.util.Map;

import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.QuoteValue;
import io.quiver.llo.value.StreamValue;
import io.quiver.llo.value.TimestampedValue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

/**
 * Merges one round's attributed observations into a single Arrow {@code Observation} record: one
 * row per (observer, stream) value, in observation order. Vectors are sized up front from the
 * value count, so a round that does not fit the allocator's limit fails here, before any work.
 */
public final class ObservationMerger {

    /** The merged record, owned by the caller. */
    public VectorSchemaRoot merge(List<NodeObservation> observations, BufferAllocator allocator) {
        int rows = 0;
        long decimalBytes = 0;
        long bidBytes = 0;
        long benchBytes = 0;
        long askBytes = 0;
        for (NodeObservation o : observations) {
            rows += o.streamValues().size();
            for (StreamValue v : o.streamValues().values()) {
                if (v instanceof DecimalValue d) {
                    decimalBytes += d.value().toBinary().length;
                } else if (v instanceof QuoteValue q) {
                    bidBytes += q.bid().toBinary().length;
                    benchBytes += q.benchmark().toBinary().length;
                    askBytes += q.ask().toBinary().length;
                } else if (v instanceof TimestampedValue t) {
                    decimalBytes += t.value().toBinary().length;
                }
            }
        }
        VectorSchemaRoot root = VectorSchemaRoot.create(OBSERVATION.arrowSchema(), allocator);
        try {
            UInt1Vector observer = (UInt1Vector) root.getVector(OBSERVER_ID);
            UInt4Vector stream = (UInt4Vector) root.getVector(STREAM_ID);
            UInt8Vector timestamp = (UInt8Vector) root.getVector(TIMESTAMP_NS);
            StreamValueCells values = new StreamValueCells(root);
            observer.allocateNew(rows);
            stream.allocateNew(rows);
            timestamp.allocateNew(rows);
            values.type.allocateNew(rows);
            values.observedAt.allocateNew(rows);
            // exact data sizes: a round takes what it needs and nothing more from the bounded allocator
            values.decimal.allocateNew(Math.max(1, decimalBytes), rows);
            values.bid.allocateNew(Math.max(1, bidBytes), rows);
            values.bench.allocateNew(Math.max(1, benchBytes), rows);
            values.ask.allocateNew(Math.max(1, askBytes), rows);
            int i = 0;
            for (NodeObservation o : observations) {
                for (Map.Entry<Long, StreamValue> e : o.streamValues().entrySet()) {
                    observer.set(i, o.observer());
                    stream.set(i, (int) e.getKey().longValue());
                    timestamp.set(i, o.timestampNanos());
                    values.set(i, e.getValue());
                    i++;
                }
            }
            root.setRowCount(rows);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /**
     * Concatenates per-node {@code Observation} records (as they arrive from the observations topic)
     * into one record with bulk buffer copies, no per-value work. The inputs are left untouched.
     */
    public VectorSchemaRoot concat(List<VectorSchemaRoot> nodeRecords, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(OBSERVATION.arrowSchema(), allocator);
        try {
            root.allocateNew();
            root.setRowCount(0);
            if (!nodeRecords.isEmpty()) {
                VectorSchemaRootAppender.append(false, root, nodeRecords.toArray(new VectorSchemaRoot[0]));
            }
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }
}
