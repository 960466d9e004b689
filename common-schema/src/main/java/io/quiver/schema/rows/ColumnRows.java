package io.quiver.schema.rows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.quiver.schema.QuiverSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Rows of a wide schema given as {@code Object[]} in column order, written into a root of that
 * schema: the ledger tables have 30-40 columns each, where a record class and a vectors class per
 * table would repeat every column four times. Values: {@code Long}/{@code Integer} for integer
 * columns (unsigned ones as their value), {@code String} for text, {@code byte[]} for binary,
 * {@link Instant} for timestamps, {@link BigDecimal} (scale at most the column's) for decimals,
 * {@code Boolean}, a {@code List} of String or byte[] for list columns; null for null. A value of
 * the wrong kind is an exception naming the column.
 */
public final class ColumnRows {

    private interface Setter {
        void set(int row, Object value);
    }

    private final VectorSchemaRoot root;
    private final Setter[] setters;
    private final String[] names;

    public ColumnRows(VectorSchemaRoot root) {
        this.root = root;
        List<FieldVector> vectors = root.getFieldVectors();
        setters = new Setter[vectors.size()];
        names = new String[vectors.size()];
        for (int c = 0; c < setters.length; c++) {
            setters[c] = setter(vectors.get(c));
            names[c] = vectors.get(c).getName();
        }
    }

    /** A new, empty root of {@code schema}, owned by the caller. */
    public static VectorSchemaRoot newRoot(QuiverSchema schema, BufferAllocator allocator) {
        return RowVectors.newRoot(schema, allocator);
    }

    public VectorSchemaRoot root() {
        return root;
    }

    /** Appends {@code rows} after the current last row and sets the row count once. */
    public void appendAll(List<Object[]> rows) {
        int i = root.getRowCount();
        for (Object[] r : rows) {
            if (r.length != setters.length) {
                throw new IllegalArgumentException("row of " + r.length + " values for " + setters.length + " columns");
            }
            for (int c = 0; c < setters.length; c++) {
                try {
                    setters[c].set(i, r[c]);
                } catch (ClassCastException | ArithmeticException e) {
                    throw new IllegalArgumentException("column " + names[c] + ": " + e.getMessage(), e);
                }
            }
            i++;
        }
        for (FieldVector v : root.getFieldVectors()) {
            v.setValueCount(i);
        }
        root.setRowCount(i);
    }

    private static Setter setter(FieldVector v) {
        if (v instanceof BigIntVector x) {
            return (i, o) -> {
                if (o == null) x.setNull(i); else x.setSafe(i, ((Number) o).longValue());
            };
        }
        if (v instanceof IntVector x) {
            return (i, o) -> {
                if (o == null) x.setNull(i); else x.setSafe(i, ((Number) o).intValue());
            };
        }
        if (v instanceof UInt4Vector x) {
            return (i, o) -> {
                if (o == null) x.setNull(i); else x.setSafe(i, (int) ((Number) o).longValue());
            };
        }
        if (v instanceof VarCharVector x) {
            return (i, o) -> {
                if (o == null) x.setNull(i); else x.setSafe(i, ((String) o).getBytes(StandardCharsets.UTF_8));
            };
        }
        if (v instanceof VarBinaryVector x) {
            return (i, o) -> {
                if (o == null) x.setNull(i); else x.setSafe(i, (byte[]) o);
            };
        }
        if (v instanceof FixedSizeBinaryVector x) {
            return (i, o) -> {
                if (o == null) x.setNull(i); else x.setSafe(i, (byte[]) o);
            };
        }
        if (v instanceof BitVector x) {
            return (i, o) -> {
                if (o == null) x.setNull(i); else x.setSafe(i, ((Boolean) o) ? 1 : 0);
            };
        }
        if (v instanceof TimeStampMicroTZVector x) {
            return (i, o) -> {
                if (o == null) x.setNull(i); else x.setSafe(i, ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) o));
            };
        }
        if (v instanceof DecimalVector x) {
            int scale = x.getScale();
            return (i, o) -> {
                if (o == null) {
                    x.setNull(i);
                } else {
                    BigDecimal d = o instanceof BigInteger b ? new BigDecimal(b) : (BigDecimal) o;
                    x.setSafe(i, d.setScale(scale));
                }
            };
        }
        if (v instanceof ListVector x) {
            FieldVector elements = x.getDataVector();
            return (i, o) -> {
                List<?> list = (List<?>) o;
                int first = x.startNewValue(i);
                for (int k = 0; k < list.size(); k++) {
                    if (elements instanceof VarCharVector t) {
                        t.setSafe(first + k, ((String) list.get(k)).getBytes(StandardCharsets.UTF_8));
                    } else {
                        ((VarBinaryVector) elements).setSafe(first + k, (byte[]) list.get(k));
                    }
                }
                x.endValue(i, list.size());
            };
        }
        throw new IllegalArgumentException("column " + v.getName() + ": no row mapping for " + v.getField().getType());
    }
}
