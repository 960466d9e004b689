package io.quiver.schema.rows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.quiver.schema.QuiverSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Typed rows over the columns of one schema's root: a subclass writes ({@link #set}) and reads
 * ({@link #get}) one row; appending and the root's row count live here. Writing uses
 * {@code setSafe}, so the vectors grow as needed.
 */
public abstract class RowVectors<R> {

    protected final VectorSchemaRoot root;

    protected RowVectors(VectorSchemaRoot root) {
        this.root = root;
    }

    /** A new, empty root of {@code schema}, owned by the caller. */
    protected static VectorSchemaRoot newRoot(QuiverSchema schema, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator);
        root.allocateNew();
        return root;
    }

    public VectorSchemaRoot root() {
        return root;
    }

    /** Writes {@code row} at index {@code i}; set the root's row count afterwards. */
    public abstract void set(int i, R row);

    /** Reads row {@code i}. */
    public abstract R get(int i);

    /** Appends {@code row} after the current last row. */
    public void append(R row) {
        int i = root.getRowCount();
        set(i, row);
        root.setRowCount(i + 1);
    }

    /**
     * Appends {@code rows} and sets the row count once: much cheaper than {@link #append} per row,
     * which makes every vector recompute its value count each time.
     */
    public void appendAll(List<R> rows) {
        int i = root.getRowCount();
        for (R r : rows) {
            set(i++, r);
        }
        root.setRowCount(i);
    }

    /** Writes UTF-8 text, or null. */
    protected static void text(VarCharVector v, int i, String s) {
        if (s == null) {
            v.setNull(i);
        } else {
            v.setSafe(i, s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reads UTF-8 text, or null. */
    protected static String text(VarCharVector v, int i) {
        return v.isNull(i) ? null : new String(v.get(i), StandardCharsets.UTF_8);
    }
}
