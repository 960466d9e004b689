package io.quiver.lake.format;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

/**
 * Reads the values of one Arrow vector straight from its buffers into a Parquet column writer. One
 * instance per leaf column; {@link #begin} is called once per batch, so the per-value work is a
 * buffer read and a write call, with no row object in between.
 */
abstract class ArrowLeafValues {

    /** Called once per batch before {@link #write}. */
    abstract void begin(FieldVector vector);

    /** Writes the non-null value at {@code index} with the given repetition and definition levels. */
    abstract void write(ColumnWriter out, int index, int r, int d);

    static ArrowLeafValues of(ArrowType t) {
        if (t instanceof ArrowType.Int i) {
            return switch (i.getBitWidth()) {
                case 8 -> i.getIsSigned() ? new Int8(true) : new Int8(false);
                case 16 -> new Int16(i.getIsSigned());
                case 32 -> new Int32();
                case 64 -> new Int64();
                default -> throw new IllegalArgumentException("integer width " + i.getBitWidth());
            };
        }
        if (t instanceof ArrowType.Timestamp) {
            return new Int64();
        }
        if (t instanceof ArrowType.Bool) {
            return new Bool();
        }
        if (t instanceof ArrowType.Decimal) {
            return new Decimal128();
        }
        if (t instanceof ArrowType.FixedSizeBinary b) {
            return new FixedBytes(b.getByteWidth());
        }
        if (t instanceof ArrowType.Utf8 || t instanceof ArrowType.Binary) {
            return new VarBytes(false);
        }
        if (t instanceof ArrowType.LargeUtf8 || t instanceof ArrowType.LargeBinary) {
            return new VarBytes(true);
        }
        throw new IllegalArgumentException("Arrow type " + t + " has no lake mapping");
    }

    private static final class Int8 extends ArrowLeafValues {
        private final boolean signed;
        private ArrowBuf data;

        Int8(boolean signed) {
            this.signed = signed;
        }

        @Override
        void begin(FieldVector v) {
            data = v.getDataBuffer();
        }

        @Override
        void write(ColumnWriter out, int i, int r, int d) {
            byte b = data.getByte(i);
            out.write(signed ? b : b & 0xFF, r, d);
        }
    }

    private static final class Int16 extends ArrowLeafValues {
        private final boolean signed;
        private ArrowBuf data;

        Int16(boolean signed) {
            this.signed = signed;
        }

        @Override
        void begin(FieldVector v) {
            data = v.getDataBuffer();
        }

        @Override
        void write(ColumnWriter out, int i, int r, int d) {
            short s = data.getShort((long) i * 2);
            out.write(signed ? s : s & 0xFFFF, r, d);
        }
    }

    private static final class Int32 extends ArrowLeafValues {
        private ArrowBuf data;

        @Override
        void begin(FieldVector v) {
            data = v.getDataBuffer();
        }

        @Override
        void write(ColumnWriter out, int i, int r, int d) {
            out.write(data.getInt((long) i * 4), r, d);
        }
    }

    private static final class Int64 extends ArrowLeafValues {
        private ArrowBuf data;

        @Override
        void begin(FieldVector v) {
            data = v.getDataBuffer();
        }

        @Override
        void write(ColumnWriter out, int i, int r, int d) {
            out.write(data.getLong((long) i * 8), r, d);
        }
    }

    private static final class Bool extends ArrowLeafValues {
        private ArrowBuf data;

        @Override
        void begin(FieldVector v) {
            data = v.getDataBuffer();
        }

        @Override
        void write(ColumnWriter out, int i, int r, int d) {
            out.write(((data.getByte(i >> 3) >> (i & 7)) & 1) == 1, r, d);
        }
    }

    /** Arrow keeps decimals little-endian, Parquet big-endian: the batch is turned around once. */
    private static final class Decimal128 extends ArrowLeafValues {
        private byte[] bigEndian;

        @Override
        void begin(FieldVector v) {
            int n = v.getValueCount();
            // a fresh array per batch: the column writer keeps references to values (statistics)
            bigEndian = new byte[n * 16];
            byte[] little = new byte[n * 16];
            v.getDataBuffer().getBytes(0, little, 0, n * 16);
            for (int row = 0; row < n; row++) {
                int base = row * 16;
                for (int k = 0; k < 16; k++) {
                    bigEndian[base + k] = little[base + 15 - k];
                }
            }
        }

        @Override
        void write(ColumnWriter out, int i, int r, int d) {
            out.write(Binary.fromConstantByteArray(bigEndian, i * 16, 16), r, d);
        }
    }

    private static final class FixedBytes extends ArrowLeafValues {
        private final int width;
        private byte[] bytes;

        FixedBytes(int width) {
            this.width = width;
        }

        @Override
        void begin(FieldVector v) {
            int n = v.getValueCount();
            bytes = new byte[n * width];
            v.getDataBuffer().getBytes(0, bytes, 0, bytes.length);
        }

        @Override
        void write(ColumnWriter out, int i, int r, int d) {
            out.write(Binary.fromConstantByteArray(bytes, i * width, width), r, d);
        }
    }

    /**
     * Strings and binaries: the batch's data buffer is copied to the heap once (a fresh array per
     * batch, since dictionaries and statistics keep references to values), then each value is a view.
     */
    private static final class VarBytes extends ArrowLeafValues {
        private final boolean large;
        private ArrowBuf offsets;
        private byte[] bytes;

        VarBytes(boolean large) {
            this.large = large;
        }

        @Override
        void begin(FieldVector v) {
            offsets = v.getOffsetBuffer();
            int n = v.getValueCount();
            long end = n == 0 ? 0 : (large ? offsets.getLong((long) n * 8) : offsets.getInt((long) n * 4));
            bytes = new byte[Math.toIntExact(end)];
            v.getDataBuffer().getBytes(0, bytes, 0, bytes.length);
        }

        @Override
        void write(ColumnWriter out, int i, int r, int d) {
            int start;
            int stop;
            if (large) {
                start = (int) offsets.getLong((long) i * 8);
                stop = (int) offsets.getLong((long) (i + 1) * 8);
            } else {
                start = offsets.getInt((long) i * 4);
                stop = offsets.getInt((long) (i + 1) * 4);
            }
            out.write(Binary.fromConstantByteArray(bytes, start, stop - start), r, d);
        }
    }
}
