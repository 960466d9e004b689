package io.quiver.schema.rows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.quiver.schema.LedgerTableSchemas;
import io.quiver.schema.QuiverSchema;
import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ColumnRows}, the one way row-shaped tables (transactions, operations, invocations) reach
 * Arrow: every cell of every column kind, null or not, reads back as given, also when rows are
 * appended to a root that already holds rows ending in nulls.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class ColumnRowsTest {

    @Test
    void everyCellOfEveryKindReadsBackAcrossTwoAppends(BufferAllocator allocator) {
        for (QuiverSchema schema : List.of(LedgerTableSchemas.TRANSACTION_SCHEMA, LedgerTableSchemas.OPERATION_SCHEMA,
                LedgerTableSchemas.CONTRACT_INVOCATION_SCHEMA)) {
            Random random = new Random(schema.name().hashCode());
            try (VectorSchemaRoot root = ColumnRows.newRoot(schema, allocator)) {
                List<Object[]> first = rows(root, random, 700);
                List<Object[]> second = rows(root, random, 1300);
                // the first batch's last row null in every nullable column: the second append starts after holes
                for (int c = 0; c < root.getFieldVectors().size(); c++) {
                    if (root.getVector(c).getField().isNullable()) {
                        first.get(first.size() - 1)[c] = null;
                    }
                }
                ColumnRows rows = new ColumnRows(root);
                rows.appendAll(first);
                rows.appendAll(List.of());
                rows.appendAll(second);
                List<Object[]> all = new ArrayList<>(first);
                all.addAll(second);
                assertEquals(all.size(), root.getRowCount());
                for (int c = 0; c < root.getFieldVectors().size(); c++) {
                    FieldVector v = root.getVector(c);
                    assertEquals(all.size(), v.getValueCount(), v.getName());
                    for (int i = 0; i < all.size(); i++) {
                        assertCell(v, i, all.get(i)[c]);
                    }
                }
            }
        }
    }

    @Test
    void aValueOfTheWrongKindNamesItsColumn(BufferAllocator allocator) {
        try (VectorSchemaRoot root = ColumnRows.newRoot(LedgerTableSchemas.TRANSACTION_SCHEMA, allocator)) {
            Object[] row = rows(root, new Random(1), 1).get(0);
            row[LedgerTableSchemas.TRANSACTION_SCHEMA.columnIndex("account")] = 42L;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ColumnRows(root).appendAll(List.<Object[]>of(row)));
            assertTrue(e.getMessage().startsWith("column account:"), e.getMessage());
        }
    }

    /** Random values of each column's kind, a third of the nullable cells null, some text non-ASCII. */
    private static List<Object[]> rows(VectorSchemaRoot root, Random random, int n) {
        List<Object[]> out = new ArrayList<>();
        List<FieldVector> vectors = root.getFieldVectors();
        for (int i = 0; i < n; i++) {
            Object[] r = new Object[vectors.size()];
            for (int c = 0; c < r.length; c++) {
                FieldVector v = vectors.get(c);
                if (v.getField().isNullable() && random.nextInt(3) == 0 && !(v instanceof ListVector)) {
                    continue;
                }
                r[c] = value(v, random);
            }
            out.add(r);
        }
        return out;
    }

    private static Object value(FieldVector v, Random random) {
        if (v instanceof BigIntVector) {
            return random.nextLong();
        }
        if (v instanceof UInt4Vector) {
            return (long) random.nextInt(Integer.MAX_VALUE);
        }
        if (v instanceof org.apache.arrow.vector.IntVector) {
            return random.nextInt();
        }
        if (v instanceof VarCharVector) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(40);
            for (int k = 0; k < len; k++) {
                s.append(random.nextInt(10) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
            }
            return random.nextInt(20) == 0 ? "\u2028€" + s : s.toString();
        }
        if (v instanceof VarBinaryVector) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            return b;
        }
        if (v instanceof FixedSizeBinaryVector f) {
            byte[] b = new byte[f.getByteWidth()];
            random.nextBytes(b);
            return b;
        }
        if (v instanceof BitVector) {
            return random.nextBoolean();
        }
        if (v instanceof TimeStampMicroTZVector) {
            return Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000));
        }
        if (v instanceof DecimalVector d) {
            return BigDecimal.valueOf(random.nextLong(), d.getScale());
        }
        if (v instanceof ListVector l) {
            List<Object> items = new ArrayList<>();
            for (int k = random.nextInt(3); k > 0; k--) {
                items.add(value(l.getDataVector(), random));
            }
            return items;
        }
        throw new IllegalStateException("no test value for " + v.getField());
    }

    private static void assertCell(FieldVector v, int i, Object expected) {
        String where = v.getName() + " row " + i;
        if (expected == null) {
            assertNull(v.getObject(i), where);
            return;
        }
        Object got = v.getObject(i);
        if (v instanceof VarCharVector) {
            assertEquals(expected, got.toString(), where);
        } else if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) got, where);
        } else if (v instanceof UInt4Vector u) {
            assertEquals(((Number) expected).longValue(), Integer.toUnsignedLong(u.get(i)), where);
        } else if (v instanceof TimeStampMicroTZVector t) {
            assertEquals(((Instant) expected).getEpochSecond() * 1_000_000, t.get(i), where);
        } else if (v instanceof ListVector l) {
            List<?> items = (List<?>) expected;
            List<?> read = l.getObject(i);
            assertEquals(items.size(), read.size(), where);
            for (int k = 0; k < items.size(); k++) {
                if (items.get(k) instanceof byte[] b) {
                    assertArrayEquals(b, (byte[]) read.get(k), where);
                } else {
                    assertEquals(items.get(k), read.get(k).toString(), where);
                }
            }
        } else {
            assertEquals(expected, got, where);
        }
    }
}
