package io.quiver.llo.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A decimal exactly as shopspring/decimal (v1.4) holds it: a coefficient and a base-10 exponent,
 * kept as written ({@code 1.10} is 110e-2, not 11e-1). Numeric comparison rescales
 * ({@code 1.1 == 1.10}); the binary form does not, which is what mode counts by.
 *
 * <p>Binary form ({@code MarshalBinary}): big-endian int32 exponent, then the gob encoding of the
 * coefficient: one byte {@code 0x02} (>= 0) or {@code 0x03} (< 0) followed by the big-endian
 * magnitude without leading zeros (nothing for zero).
 */
public final class LloDecimal implements Comparable<LloDecimal> {

    /** Largest |exponent| accepted from untrusted input, as current LLO enforces. */
    public static final int MAX_EXPONENT = 1000;

    private final BigInteger coefficient;
    private final int exponent;
    private byte[] binary;

    private LloDecimal(BigInteger coefficient, int exponent) {
        this.coefficient = coefficient;
        this.exponent = exponent;
    }

    public static LloDecimal of(BigInteger coefficient, int exponent) {
        return new LloDecimal(coefficient, exponent);
    }

    /**
     * Parses decimal text the way Go's {@code decimal.NewFromString} does: optional sign, digits
     * with an optional point, optional {@code e}/{@code E} exponent; the written digits are kept.
     */
    public static LloDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty decimal");
        }
        BigDecimal bd;
        try {
            bd = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("can't convert '" + text + "' to decimal");
        }
        long exp = -(long) bd.scale();
        if (exp > MAX_EXPONENT || exp < -MAX_EXPONENT) {
            throw new IllegalArgumentException("decimal exponent out of range: got " + exp + ", expected absolute value <= " + MAX_EXPONENT);
        }
        return new LloDecimal(bd.unscaledValue(), (int) exp);
    }

    /** Decodes the binary form; rejects truncation and exponents beyond ±{@link #MAX_EXPONENT}. */
    public static LloDecimal fromBinary(byte[] data) {
        return fromOwnedBinary(data == null ? null : data.clone());
    }

    /**
     * {@link #fromBinary} for an array nobody else holds (for example one just read from a vector):
     * it is kept as the cached binary form instead of being copied.
     */
    public static LloDecimal fromOwnedBinary(byte[] data) {
        if (data == null || data.length < 4) {
            throw new IllegalArgumentException("decimal binary form too short: " + (data == null ? 0 : data.length) + " bytes");
        }
        int exp = (data[0] & 0xff) << 24 | (data[1] & 0xff) << 16 | (data[2] & 0xff) << 8 | (data[3] & 0xff);
        if (exp > MAX_EXPONENT || exp < -MAX_EXPONENT) {
            throw new IllegalArgumentException("decimal exponent out of range: got " + exp + ", expected absolute value <= " + MAX_EXPONENT);
        }
        BigInteger coef;
        if (data.length == 4) {
            coef = BigInteger.ZERO; // shopspring's zero-value Decimal: exponent only
        } else {
            int sign = data[4];
            if (sign != 2 && sign != 3) {
                throw new IllegalArgumentException("decimal binary form: bad sign byte 0x" + Integer.toHexString(sign & 0xff));
            }
            BigInteger magnitude = data.length == 5 ? BigInteger.ZERO : new BigInteger(1, Arrays.copyOfRange(data, 5, data.length));
            coef = sign == 3 ? magnitude.negate() : magnitude;
        }
        LloDecimal d = new LloDecimal(coef, exp);
        d.binary = data;
        return d;
    }

    public BigInteger coefficient() {
        return coefficient;
    }

    public int exponent() {
        return exponent;
    }

    /** The binary form (cached; do not modify the returned array). */
    public byte[] toBinary() {
        byte[] b = binary;
        if (b == null) {
            byte[] mag = coefficient.signum() == 0 ? new byte[0] : magnitudeBytes(coefficient.abs());
            b = new byte[5 + mag.length];
            b[0] = (byte) (exponent >>> 24);
            b[1] = (byte) (exponent >>> 16);
            b[2] = (byte) (exponent >>> 8);
            b[3] = (byte) exponent;
            b[4] = (byte) (coefficient.signum() < 0 ? 3 : 2);
            System.arraycopy(mag, 0, b, 5, mag.length);
            binary = b;
        }
        return b;
    }

    private static byte[] magnitudeBytes(BigInteger positive) {
        byte[] two = positive.toByteArray();
        return two[0] == 0 ? Arrays.copyOfRange(two, 1, two.length) : two;
    }

    public BigDecimal toBigDecimal() {
        return new BigDecimal(coefficient, -exponent);
    }

    /** Numeric order (rescaling), as shopspring's {@code Cmp}. */
    @Override
    public int compareTo(LloDecimal o) {
        if (exponent == o.exponent) {
            return coefficient.compareTo(o.coefficient);
        }
        return toBigDecimal().compareTo(o.toBigDecimal());
    }

    /**
     * Text as shopspring's {@code String()}: plain notation, trailing fractional zeros trimmed
     * ({@code 110e-2} prints {@code 1.1}), a positive exponent expanded ({@code 1e3} prints 1000).
     */
    @Override
    public String toString() {
        if (coefficient.signum() == 0) {
            return "0";
        }
        return toBigDecimal().stripTrailingZeros().toPlainString();
    }

    /** Identity is the binary form: 1.1 and 1.10 are different values here (numerically equal). */
    @Override
    public boolean equals(Object o) {
        return o instanceof LloDecimal d && exponent == d.exponent && coefficient.equals(d.coefficient);
    }

    @Override
    public int hashCode() {
        return coefficient.hashCode() * 31 + exponent;
    }

    /** Lowercase hex of the binary form, for logs and tests. */
    public String toHex() {
        return HexFormat.of().formatHex(toBinary());
    }
}
