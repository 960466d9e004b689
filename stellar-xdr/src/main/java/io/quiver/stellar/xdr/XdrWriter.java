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
}
