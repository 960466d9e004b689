package io.quiver.ttp.tables;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import io.quiver.schema.rows.JsonText;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;

/**
 * One row of a root as one JSON object, keys the schema's column names in order: integers and
 * decimals as exact JSON numbers (also past 2^53; unsigned ones unsigned), bytes as lower-case hex,
 * timestamps as ISO-8601 UTC, lists as arrays, null for null. What {@code ./quiver tables} prints,
 * so a row reads the same whatever table it comes from.
 */
public final class RowJson {

    private static final HexFormat HEX = HexFormat.of();

    private RowJson() {
    }

    public static String line(VectorSchemaRoot root, int row) {
        StringBuilder b = new StringBuilder(256).append('{');
        boolean first = true;
        for (FieldVector v : root.getFieldVectors()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            string(b, v.getName());
            b.append(':');
            value(b, v, row);
        }
        return b.append('}').toString();
    }

    private static void value(StringBuilder b, FieldVector v, int i) {
        if (v.isNull(i)) {
            b.append("null");
        } else if (v instanceof BigIntVector x) {
            b.append(x.get(i));
        } else if (v instanceof IntVector x) {
            b.append(x.get(i));
        } else if (v instanceof UInt4Vector x) {
            b.append(Integer.toUnsignedLong(x.get(i)));
        } else if (v instanceof UInt8Vector x) {
            b.append(Long.toUnsignedString(x.get(i)));
        } else if (v instanceof UInt1Vector x) {
            b.append(Byte.toUnsignedInt(x.get(i)));
        } else if (v instanceof DecimalVector x) {
            BigDecimal d = x.getObject(i);
            b.append(d.toPlainString());
        } else if (v instanceof BitVector x) {
            b.append(x.get(i) == 1);
        } else if (v instanceof TimeStampMicroTZVector x) {
            string(b, Instant.EPOCH.plus(x.get(i), ChronoUnit.MICROS).toString());
        } else if (v instanceof VarCharVector x) {
            string(b, new String(x.get(i), java.nio.charset.StandardCharsets.UTF_8));
        } else if (v instanceof VarBinaryVector x) {
            string(b, HEX.formatHex(x.get(i)));
        } else if (v instanceof FixedSizeBinaryVector x) {
            string(b, HEX.formatHex(x.get(i)));
        } else if (v instanceof ListVector x) {
            FieldVector elements = x.getDataVector();
            b.append('[');
            for (int k = x.getElementStartIndex(i); k < x.getElementEndIndex(i); k++) {
                if (k > x.getElementStartIndex(i)) {
                    b.append(',');
                }
                value(b, elements, k);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("column " + v.getName() + ": no JSON form for " + v.getField().getType());
        }
    }

    private static void string(StringBuilder b, String s) {
        JsonText.quote(b, s);
    }
}
