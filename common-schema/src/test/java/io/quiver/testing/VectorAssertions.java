package io.quiver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.Range;
import org.apache.arrow.vector.compare.RangeEqualsVisitor;

/** Row-range comparison of two roots, column by column, naming the first column that differs. */
public final class VectorAssertions {

    private VectorAssertions() {
    }

    /** Rows {@code [offset, offset + actual.rowCount)} of {@code expected} equal all rows of {@code actual}. */
    public static void assertRowsEqual(VectorSchemaRoot expected, int offset, VectorSchemaRoot actual) {
        assertEquals(expected.getFieldVectors().size(), actual.getFieldVectors().size(), "column count");
        for (int c = 0; c < expected.getFieldVectors().size(); c++) {
            FieldVector e = expected.getVector(c);
            FieldVector a = actual.getVector(c);
            RangeEqualsVisitor visitor = new RangeEqualsVisitor(e, a,
                    (l, r) -> l.getField().getType().equals(r.getField().getType()));
            assertTrue(visitor.rangeEquals(new Range(offset, 0, actual.getRowCount())),
                    "column " + e.getName() + " differs in rows " + offset + ".." + (offset + actual.getRowCount() - 1));
        }
    }
}
