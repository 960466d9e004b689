package io.quiver.stellar.xdr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads XDR (RFC 4506) from a byte array without streams or per-field allocation. Every read names
 * the XDR type it is reading, so errors say what and where. Lengths are checked against both their
 * declared maximum and the bytes actually left before anything is allocated, so a forged length can
 * never cause a large allocation. Padding must be zero, as canonical XDR requires (that is what
 * makes re-encoding byte-identical).
 */
public final class XdrReader {

    /** Deepest nesting of recursive types (ScVal in ScVal...): as deep as stellar-core allows. */
    public static final int MAX_DEPTH = 500;

    // One big-endian load instead of four byte loads and shifts: the decoder's hottest operation.
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buf;
    private final int end;
    private int pos;
    private int depth;

    public XdrReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public XdrReader(byte[] buf, int from, int to) {
        if (from < 0 || to > buf.length || from > to) {
            throw new IllegalArgumentException("bad range " + from + ".." + to + " of " + buf.length + " bytes");
        }
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean atEnd() {
        return pos == end;
    }

    private void need(int n, String type) {
        if (end - pos < n) {
            throw new XdrException(type, pos, "truncated: needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public int readInt(String type) {
        need(4, type);
        int v = (int) INT.get(buf, pos);
        pos += 4;
        return v;
    }

    public long readUnsignedInt(String type) {
        return Integer.toUnsignedLong(readInt(type));
    }

    public long readHyper(String type) {
        need(8, type);
        long v = (long) LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    public boolean readBool(String type) {
        int at = pos;
        int v = readInt(type);
        if (v != 0 && v != 1) {
            throw new XdrException(type, at, "bool must be 0 or 1, got " + v);
        }
        return v == 1;
    }

    /** A union discriminant or enum value that must be one of {@code allowed}. */
    public int readEnum(String type, int... allowed) {
        int at = pos;
        int v = readInt(type);
        for (int a : allowed) {
            if (a == v) {
                return v;
            }
        }
        throw new XdrException(type, at, "unknown arm or value " + v);
    }

    public byte[] readFixedOpaque(int length, String type) {
        need(padded(length), type);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        skipPadding(length, type);
        return out;
    }

    /** {@code opaque<max>}: the length is checked against {@code max} and the bytes left first. */
    public byte[] readVarOpaque(long max, String type) {
        int length = readLength(max, 1, type);
        return readFixedOpaque(length, type);
    }

    public String readString(long max, String type) {
        return new String(readVarOpaque(max, type), StandardCharsets.UTF_8);
    }

    /**
     * The element count of {@code T<max>}: at most {@code max}, and at most the bytes left divided
     * by {@code minElementBytes} (every XDR element takes at least 4 bytes), so the caller can size
     * its array safely.
     */
    public int readLength(long max, int minElementBytes, String type) {
        int at = pos;
        long n = readUnsignedInt(type);
        if (n > max) {
            throw new XdrException(type, at, "length " + n + " exceeds the maximum " + max);
        }
        if (n * Math.max(1, minElementBytes) > end - pos) {
            throw new XdrException(type, at, "length " + n + " exceeds the " + (end - pos) + " bytes left");
        }
        return (int) n;
    }

    /** Skips an {@code opaque<max>} or {@code string<max>} without copying it. */
    public void skipVarOpaque(long max, String type) {
        int length = readLength(max, 1, type);
        need(padded(length), type);
        pos += length;
        skipPadding(length, type);
    }

    /**
     * Entered before decoding a value of a type that can contain itself; deep nesting is an error,
     * not a stack overflow.
     */
    public void enter(String type) {
        if (++depth > MAX_DEPTH) {
            throw new XdrException(type, pos, "nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    public void exit() {
        depth--;
    }

    /** Fails unless every byte was read: a value followed by garbage is not that value. */
    public void requireEnd(String type) {
        if (pos != end) {
            throw new XdrException(type, pos, (end - pos) + " bytes left after the value");
        }
    }

    /** The bytes from {@code from} to {@code to}, a subtree located earlier. */
    public byte[] bytes(int from, int to) {
        return Arrays.copyOfRange(buf, from, to);
    }

    /** Skips {@code n} bytes (a subtree the caller does not need), which must be present. */
    public void skip(int n, String type) {
        if (n < 0) {
            throw new XdrException(type, pos, "length overflows");
        }
        need(n, type);
        pos += n;
    }

    /** The raw bytes from {@code from} to the current position (a subtree already read or skipped). */
    public byte[] rawSince(int from) {
        return Arrays.copyOfRange(buf, from, pos);
    }

    private void skipPadding(int length, String type) {
        int pad = padded(length) - length;
        for (int i = 0; i < pad; i++) {
            if (buf[pos + i] != 0) {
                throw new XdrException(type, pos + i, "non-zero padding byte");
            }
        }
        pos += pad;
    }

    static int padded(int length) {
        return (length + 3) & ~3;
    }
}
