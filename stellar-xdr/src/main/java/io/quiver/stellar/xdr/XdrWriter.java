package io.quiver.stellar.xdr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes canonical XDR (big-endian, zero padding) into a growable byte array. */
public final class XdrWriter {

    private byte[] buf;
    private int pos;

    public XdrWriter() {
        this(256);
    }

    public XdrWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    public XdrWriter writeInt(int v) {
        ensure(4);
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
        pos += 4;
        return this;
    }

    public XdrWriter writeHyper(long v) {
        writeInt((int) (v >>> 32));
        return writeInt((int) v);
    }

    public XdrWriter writeBool(boolean v) {
        return writeInt(v ? 1 : 0);
    }

    public XdrWriter writeFixedOpaque(byte[] v) {
        int padded = XdrReader.padded(v.length);
        ensure(padded);
        System.arraycopy(v, 0, buf, pos, v.length);
        Arrays.fill(buf, pos + v.length, pos + padded, (byte) 0);
        pos += padded;
        return this;
    }

    public XdrWriter writeVarOpaque(byte[] v) {
        writeInt(v.length);
        return writeFixedOpaque(v);
    }

    public XdrWriter writeString(String s) {
        return writeVarOpaque(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code opaque[length]}: the value must have exactly that length. */
    public XdrWriter writeFixedOpaque(byte[] v, int length, String type) {
        require(v, type);
        if (v.length != length) {
            throw new IllegalArgumentException("XDR " + type + ": needs " + length + " bytes, got " + v.length);
        }
        return writeFixedOpaque(v);
    }

    /** {@code opaque<max>} or {@code string<max>}. */
    public XdrWriter writeVarOpaque(byte[] v, long max, String type) {
        require(v, type);
        if (v.length > max) {
            throw new IllegalArgumentException("XDR " + type + ": " + v.length + " bytes exceed the maximum " + max);
        }
        return writeVarOpaque(v);
    }

    /** The element count of {@code T<max>}. */
    public XdrWriter writeLength(int n, long max, String type) {
        if (n > max) {
            throw new IllegalArgumentException("XDR " + type + ": " + n + " elements exceed the maximum " + max);
        }
        return writeInt(n);
    }

    public static void requireSize(int n, int length, String type) {
        if (n != length) {
            throw new IllegalArgumentException("XDR " + type + ": needs " + length + " elements, got " + n);
        }
    }

    /** A value that is not optional must be present. */
    public static <T> T require(T v, String type) {
        if (v == null) {
            throw new IllegalArgumentException("XDR " + type + " is null but not optional");
        }
        return v;
    }

    public int size() {
        return pos;
    }

    /** Copies bytes already in XDR form (a raw subtree kept by the reader). */
    public XdrWriter writeRaw(byte[] xdr) {
        ensure(xdr.length);
        System.arraycopy(xdr, 0, buf, pos, xdr.length);
        pos += xdr.length;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Empties the writer, keeping its buffer: one writer can encode many values in turn. */
    public XdrWriter reset() {
        pos = 0;
        return this;
    }
}
