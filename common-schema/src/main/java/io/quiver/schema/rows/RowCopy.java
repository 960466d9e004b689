package io.quiver.schema.rows;

import java.util.List;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Appends selected rows of a decoded batch to an outgoing root of the same schema, column by column
 * ({@code copyFromSafe}), so a batch travels on (Flight range reads) without becoming row objects
 * and back. Columns are matched by name: a batch of a newer minor version may have more of them.
 */
public final class RowCopy {

    private final VectorSchemaRoot to;
    private final List<FieldVector> targets;

    public RowCopy(VectorSchemaRoot to) {
        this.to = to;
        this.targets = to.getFieldVectors();
    }

    /** Appends row {@code row} of {@code from}. */
    public void append(VectorSchemaRoot from, int row) {
        int at = to.getRowCount();
        for (FieldVector target : targets) {
            target.copyFromSafe(row, at, from.getVector(target.getName()));
        }
        to.setRowCount(at + 1);
    }
}
