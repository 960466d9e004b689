package io.quiver.llo.arrow;

import static io.quiver.schema.LloSchemas.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.value.StreamValue;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads {@code Observation} rows (as published on the observations topic) back into per-node
 * observations, in row order. Decimals are decoded with the untrusted-input bounds; a bad cell is
 * an {@link IllegalArgumentException} naming the row and column.
 */
public final class ObservationRecordReader {

    private ObservationRecordReader() {
    }

    public static List<NodeObservation> read(VectorSchemaRoot root) {
        UInt1Vector observer = (UInt1Vector) root.getVector(OBSERVER_ID);
        UInt4Vector stream = (UInt4Vector) root.getVector(STREAM_ID);
        StreamValueCells values = new StreamValueCells(root);
        UInt8Vector timestamp = (UInt8Vector) root.getVector(TIMESTAMP_NS);
        Map<Integer, NodeObservation> byNode = new LinkedHashMap<>();
        for (int i = 0; i < root.getRowCount(); i++) {
            int node = Byte.toUnsignedInt(observer.get(i));
            long ts = timestamp.get(i);
            NodeObservation o = byNode.computeIfAbsent(node, n -> new NodeObservation(n, ts, new LinkedHashMap<>()));
            StreamValue v;
            try {
                v = values.get(i);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("Observation row " + i + " (observer " + node + ", stream "
                        + Integer.toUnsignedLong(stream.get(i)) + "): " + (e.getMessage() == null ? "missing value" : e.getMessage()));
            }
            o.streamValues().put(Integer.toUnsignedLong(stream.get(i)), v);
        }
        return new ArrayList<>(byNode.values());
    }
}
