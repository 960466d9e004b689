package io.quiver.lake.format;

import java.util.Arrays;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * PLAIN encoding of a BYTE_ARRAY column (4-byte little-endian length, then the bytes) into one
 * growing array. parquet-java's own plain writer emits the length a byte at a time through a
 * stream, which was the largest single cost of writing ids and addresses; the bytes on disk are
 * the same.
 */
final class PlainBinaryWriter extends ValuesWriter {

    private byte[] buf;
    private int size;

    PlainBinaryWriter(int initialBytes) {
        this.buf = new byte[Math.max(1024, initialBytes)];
    }

    @Override
    public void writeBytes(Binary v) {
        int len = v.length();
        if (size + 4 + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + 4 + len));
        }
        buf[size] = (byte) len;
        buf[size + 1] = (byte) (len >>> 8);
        buf[size + 2] = (byte) (len >>> 16);
        buf[size + 3] = (byte) (len >>> 24);
        java.nio.ByteBuffer src = v.toByteBuffer();
        src.get(buf, size + 4, len);
        size += 4 + len;
    }

    @Override
    public long getBufferedSize() {
        return size;
    }

    @Override
    public BytesInput getBytes() {
        return BytesInput.from(buf, 0, size);
    }

    @Override
    public Encoding getEncoding() {
        return Encoding.PLAIN;
    }

    @Override
    public void reset() {
        size = 0;
    }

    @Override
    public void close() {
        buf = new byte[0];
        size = 0;
    }

    @Override
    public long getAllocatedSize() {
        return buf.length;
    }

    @Override
    public String memUsageString(String prefix) {
        return prefix + " PlainBinaryWriter " + size + " of " + buf.length + " bytes";
    }

    /** parquet-java's writers, except this one for BYTE_ARRAY columns written without a dictionary. */
    static final class Factory implements ValuesWriterFactory {
        private final DefaultValuesWriterFactory defaults = new DefaultValuesWriterFactory();
        private ParquetProperties props;

        @Override
        public void initialize(ParquetProperties properties) {
            this.props = properties;
            defaults.initialize(properties);
        }

        @Override
        public ValuesWriter newValuesWriter(ColumnDescriptor column) {
            if (column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY && !props.isDictionaryEnabled(column)) {
                return new PlainBinaryWriter(props.getInitialSlabSize());
            }
            return defaults.newValuesWriter(column);
        }
    }
}
