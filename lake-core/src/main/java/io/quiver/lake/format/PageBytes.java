package io.quiver.lake.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array written little-endian (Parquet's PLAIN order) or big-endian (decimals).
 * One per buffer of the page being built; reset, not reallocated, between pages.
 */
final class PageBytes {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    byte[] buf;
    int size;

    /** The first capacity: buffers are allocated when first written (the sink's memory cap counts capacities). */
    private static final int FIRST = 256;

    PageBytes() {
        buf = new byte[0];
    }

    /** Empties the buffer and gives back what it grew to (at the end of a row group). */
    void release() {
        size = 0;
        buf = new byte[0];
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    long allocated() {
        return buf.length;
    }

    /** Makes room for {@code n} more bytes. */
    void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(Math.max(FIRST, buf.length * 2), size + n));
        }
    }

    void putByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void putIntLE(int v) {
        ensure(4);
        INT_LE.set(buf, size, v);
        size += 4;
    }

    void putLongLE(long v) {
        ensure(8);
        LONG_LE.set(buf, size, v);
        size += 8;
    }

    void putLongBE(long v) {
        ensure(8);
        LONG_BE.set(buf, size, v);
        size += 8;
    }

    void put(byte[] src, int from, int len) {
        ensure(len);
        System.arraycopy(src, from, buf, size, len);
        size += len;
    }

    /** A 4-byte little-endian length followed by the bytes: PLAIN BYTE_ARRAY. */
    void putLengthPrefixed(byte[] src, int from, int len) {
        ensure(4 + len);
        INT_LE.set(buf, size, len);
        System.arraycopy(src, from, buf, size + 4, len);
        size += 4 + len;
    }

    /** Unsigned LEB128, as RLE run headers are written. */
    void putVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** Overwrites four bytes at {@code at} (a length reserved before its content was known). */
    void setIntLE(int at, int v) {
        INT_LE.set(buf, at, v);
    }

    void putAll(PageBytes other) {
        put(other.buf, 0, other.size);
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }
}
