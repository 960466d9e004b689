package io.quiver.llo.arrow;

import static io.quiver.schema.LloSchemas.DECIMAL_VALUE;
import static io.quiver.schema.LloSchemas.OBSERVED_AT_NS;
import static io.quiver.schema.LloSchemas.QUOTE_ASK;
import static io.quiver.schema.LloSchemas.QUOTE_BENCHMARK;
import static io.quiver.schema.LloSchemas.QUOTE_BID;
import static io.quiver.schema.LloSchemas.VALUE_DECIMAL;
import static io.quiver.schema.LloSchemas.VALUE_QUOTE;
import static io.quiver.schema.LloSchemas.VALUE_TIMESTAMPED;
import static io.quiver.schema.LloSchemas.VALUE_TYPE;

import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.QuoteValue;
import io.quiver.llo.value.StreamValue;
import io.quiver.llo.value.TimestampedValue;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The value columns every LLO schema shares ({@code value_type}, {@code decimal_value},
 * {@code quote_*}, {@code observed_at_ns}): one place that writes a {@link StreamValue} into a
 * row and reads it back. Decimals are decoded with the untrusted-input bounds.
 */
public final class StreamValueCells {

    final UInt1Vector type;
    final VarBinaryVector decimal;
    final VarBinaryVector bid;
    final VarBinaryVector bench;
    final VarBinaryVector ask;
    final UInt8Vector observedAt;

    public StreamValueCells(VectorSchemaRoot root) {
        type = (UInt1Vector) root.getVector(VALUE_TYPE);
        decimal = (VarBinaryVector) root.getVector(DECIMAL_VALUE);
        bid = (VarBinaryVector) root.getVector(QUOTE_BID);
        bench = (VarBinaryVector) root.getVector(QUOTE_BENCHMARK);
        ask = (VarBinaryVector) root.getVector(QUOTE_ASK);
        observedAt = (UInt8Vector) root.getVector(OBSERVED_AT_NS);
    }

    public void set(int row, StreamValue v) {
        type.setSafe(row, v.type());
        if (v instanceof DecimalValue d) {
            decimal.setSafe(row, d.value().toBinary());
        } else if (v instanceof QuoteValue q) {
            bid.setSafe(row, q.bid().toBinary());
            bench.setSafe(row, q.benchmark().toBinary());
            ask.setSafe(row, q.ask().toBinary());
        } else if (v instanceof TimestampedValue t) {
            decimal.setSafe(row, t.value().toBinary());
            observedAt.setSafe(row, t.observedAtNanos());
        }
    }

    public StreamValue get(int row) {
        return switch (type.get(row)) {
            case VALUE_DECIMAL -> new DecimalValue(LloDecimal.fromOwnedBinary(decimal.get(row)));
            case VALUE_QUOTE -> new QuoteValue(LloDecimal.fromOwnedBinary(bid.get(row)), LloDecimal.fromOwnedBinary(bench.get(row)),
                    LloDecimal.fromOwnedBinary(ask.get(row)));
            case VALUE_TIMESTAMPED -> new TimestampedValue(observedAt.isNull(row) ? 0 : observedAt.get(row),
                    LloDecimal.fromOwnedBinary(decimal.get(row)));
            default -> throw new IllegalArgumentException("unknown value_type " + type.get(row));
        };
    }

    /**
     * Checks row {@code row} as {@link #get} would decode it (type, present cells, decimal framing
     * and exponent bounds) without building objects; throws {@link IllegalArgumentException} naming
     * the column. Cheap enough for every value of every incoming record.
     */
    public void validate(int row) {
        int t = type.get(row);
        switch (t) {
            case VALUE_DECIMAL, VALUE_TIMESTAMPED -> checkDecimal(decimal, row);
            case VALUE_QUOTE -> {
                checkDecimal(bid, row);
                checkDecimal(bench, row);
                checkDecimal(ask, row);
            }
            default -> throw new IllegalArgumentException("unknown value_type " + t);
        }
    }

    private static void checkDecimal(VarBinaryVector column, int row) {
        if (column.isNull(row)) {
            throw new IllegalArgumentException(column.getName() + " is null");
        }
        long start = column.getStartOffset(row);
        int length = column.getValueLength(row);
        if (length < 4) {
            throw new IllegalArgumentException(column.getName() + ": decimal binary form too short: " + length + " bytes");
        }
        int exponent = Integer.reverseBytes(column.getDataBuffer().getInt(start));
        if (exponent > LloDecimal.MAX_EXPONENT || exponent < -LloDecimal.MAX_EXPONENT) {
            throw new IllegalArgumentException(column.getName() + ": decimal exponent out of range: got " + exponent
                    + ", expected absolute value <= " + LloDecimal.MAX_EXPONENT);
        }
        if (length > 4) {
            byte sign = column.getDataBuffer().getByte(start + 4);
            if (sign != 2 && sign != 3) {
                throw new IllegalArgumentException(column.getName() + ": bad decimal sign byte 0x" + Integer.toHexString(sign & 0xff));
            }
        }
    }
}
