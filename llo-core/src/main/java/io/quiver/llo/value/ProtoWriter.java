package io.quiver.llo.value;

import java.io.ByteArrayOutputStream;

/** The few protobuf wire rules LLO's value encodings need, with proto3 zero-value omission. */
final class ProtoWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(32);

    void uint64Field(int field, long value) {
        if (value == 0) {
            return;
        }
        varint((long) field << 3);
        varint(value);
    }

    void bytesField(int field, byte[] value) {
        if (value.length == 0) {
            return;
        }
        varint((long) field << 3 | 2);
        varint(value.length);
        out.writeBytes(value);
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
