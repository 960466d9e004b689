package io.quiver.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;

/** Fills any Quiver schema's root with random values (nulls where the field allows), for round trips. */
public final class RandomRows {

    private RandomRows() {
    }

    public static void fill(VectorSchemaRoot root, int rows, long seed) {
        Random rnd = new Random(seed);
        for (FieldVector v : root.getFieldVectors()) {
            v.allocateNew();
            boolean nullable = v.getField().isNullable();
            for (int i = 0; i < rows; i++) {
                if (nullable && rnd.nextInt(5) == 0) {
                    v.setNull(i);
                } else {
                    setRandom(v, i, rnd);
                }
            }
            v.setValueCount(rows);
        }
        root.setRowCount(rows);
    }

    private static void setRandom(FieldVector v, int i, Random rnd) {
        if (v instanceof UInt1Vector u) {
            u.setSafe(i, rnd.nextInt(256));
        } else if (v instanceof UInt4Vector u) {
            u.setSafe(i, rnd.nextInt());
        } else if (v instanceof UInt8Vector u) {
            u.setSafe(i, rnd.nextLong());
        } else if (v instanceof BigIntVector u) {
            u.setSafe(i, rnd.nextLong());
        } else if (v instanceof org.apache.arrow.vector.IntVector u) {
            u.setSafe(i, rnd.nextInt());
        } else if (v instanceof BitVector u) {
            u.setSafe(i, rnd.nextBoolean() ? 1 : 0);
        } else if (v instanceof VarCharVector u) {
            u.setSafe(i, ("text-" + Long.toHexString(rnd.nextLong()) + "-é").getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof VarBinaryVector u) {
            u.setSafe(i, bytes(rnd, rnd.nextInt(64)));
        } else if (v instanceof LargeVarBinaryVector u) {
            u.setSafe(i, bytes(rnd, rnd.nextInt(256)));
        } else if (v instanceof FixedSizeBinaryVector u) {
            u.setSafe(i, bytes(rnd, u.getByteWidth()));
        } else if (v instanceof TimeStampMicroTZVector u) {
            u.setSafe(i, 1_700_000_000_000_000L + rnd.nextInt(1_000_000_000));
        } else if (v instanceof TimeStampNanoTZVector u) {
            u.setSafe(i, 1_700_000_000_000_000_000L + rnd.nextInt(1_000_000_000));
        } else if (v instanceof DecimalVector u) {
            BigInteger big = new BigInteger(120, rnd);
            u.setSafe(i, new BigDecimal(rnd.nextBoolean() ? big : big.negate(), u.getScale()));
        } else if (v instanceof ListVector l) {
            int n = rnd.nextInt(5);
            int start = l.startNewValue(i);
            FieldVector child = l.getDataVector();
            for (int k = 0; k < n; k++) {
                setRandom(child, start + k, rnd);
            }
            l.endValue(i, n);
        } else {
            throw new IllegalArgumentException("RandomRows does not know " + v.getClass().getSimpleName() + " (" + v.getField() + ")");
        }
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
