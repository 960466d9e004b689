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
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

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
     * into one record with bulk buffer copies: one copy per buffer and source, plus a pass over the
     * offsets and validity bits. The inputs are left untouched.
     */
    public VectorSchemaRoot concat(List<VectorSchemaRoot> nodeRecords, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(OBSERVATION.arrowSchema(), allocator);
        try {
            int rows = 0;
            for (VectorSchemaRoot r : nodeRecords) {
                rows += r.getRowCount();
            }
            for (int c = 0; c < root.getFieldVectors().size(); c++) {
                FieldVector target = root.getVector(c);
                if (target instanceof BaseVariableWidthVector vw) {
                    appendVariableWidth(vw, nodeRecords, c, rows);
                } else {
                    appendFixedWidth((BaseFixedWidthVector) target, nodeRecords, c, rows);
                }
            }
            root.setRowCount(rows);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static void appendFixedWidth(BaseFixedWidthVector target, List<VectorSchemaRoot> sources, int column, int rows) {
        target.allocateNew(Math.max(1, rows));
        int width = target.getTypeWidth();
        int at = 0;
        for (VectorSchemaRoot r : sources) {
            BaseFixedWidthVector src = (BaseFixedWidthVector) r.getVector(column);
            int n = r.getRowCount();
            target.getDataBuffer().setBytes((long) at * width, src.getDataBuffer(), 0, (long) n * width);
            copyValidity(src, target, at, n);
            at += n;
        }
    }

    private static void appendVariableWidth(BaseVariableWidthVector target, List<VectorSchemaRoot> sources, int column, int rows) {
        long bytes = 0;
        for (VectorSchemaRoot r : sources) {
            if (r.getRowCount() > 0) {
                bytes += ((BaseVariableWidthVector) r.getVector(column)).getOffsetBuffer().getInt((long) r.getRowCount() * 4);
            }
        }
        target.allocateNew(Math.max(1, bytes), Math.max(1, rows));
        ArrowBuf offsets = target.getOffsetBuffer();
        int at = 0;
        int dataAt = 0;
        offsets.setInt(0, 0);
        for (VectorSchemaRoot r : sources) {
            BaseVariableWidthVector src = (BaseVariableWidthVector) r.getVector(column);
            int n = r.getRowCount();
            if (n == 0) {
                continue;
            }
            ArrowBuf srcOffsets = src.getOffsetBuffer();
            int srcEnd = srcOffsets.getInt((long) n * 4);
            target.getDataBuffer().setBytes(dataAt, src.getDataBuffer(), 0, srcEnd);
            for (int i = 1; i <= n; i++) {
                offsets.setInt((long) (at + i) * 4, dataAt + srcOffsets.getInt((long) i * 4));
            }
            copyValidity(src, target, at, n);
            at += n;
            dataAt += srcEnd;
        }
        target.setLastSet(at - 1);
    }

    private static void copyValidity(ValueVector src, ValueVector target, int at, int n) {
        ArrowBuf from = src.getValidityBuffer();
        ArrowBuf to = target.getValidityBuffer();
        if (at % 8 == 0) {
            // byte-aligned: copy whole bytes (bits past n are zero in the source and are ORed over later)
            to.setBytes(at / 8, from, 0, (n + 7) / 8);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (BitVectorHelper.get(from, i) != 0) {
                BitVectorHelper.setBit(to, at + i);
            }
        }
    }
}
