package io.quiver.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

import io.quiver.schema.QuiverSchema;
import io.quiver.schema.QuiverSchemas;
import io.quiver.schema.SchemaVersion;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The one Arrow-on-Kafka codec every Quiver service uses.
 *
 * <p>Format: one Kafka record value is one complete Arrow IPC <em>stream</em> (schema message,
 * one or more record batches, end-of-stream marker), so any Arrow implementation reads it with its
 * stream reader. Bodies are ZSTD-compressed by default. The schema's name and SemVer version travel
 * twice: in the stream's schema metadata (the source of truth) and in Kafka headers (so a consumer
 * can route or reject a record without decoding it), together with the row count and the ledger
 * range or LLO round. A batch whose encoding exceeds {@code maxRecordBytes} is split by rows into
 * several records, so records stay under the broker's limit.
 *
 * <p>Thread-safe: it holds only configuration.
 */
public final class ArrowKafkaCodec {

    /** Default record size limit: under the in-process broker's 8 MiB, with room for headers. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 7 * 1024 * 1024;

    /** Splits aim this far under the limit so that a slightly uneven half still fits. */
    private static final double SPLIT_TARGET = 0.8;

    private final IpcCompression compression;
    private final int maxRecordBytes;

    public ArrowKafkaCodec(IpcCompression compression, int maxRecordBytes) {
        this.compression = Objects.requireNonNull(compression);
        if (maxRecordBytes < 1024) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 1024, was " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    /** ZSTD bodies, {@link #DEFAULT_MAX_RECORD_BYTES}. */
    public static ArrowKafkaCodec defaults() {
        return new ArrowKafkaCodec(IpcCompression.ZSTD, DEFAULT_MAX_RECORD_BYTES);
    }

    public IpcCompression compression() {
        return compression;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Chooses the label of a slice of rows {@code [offset, offset + length)} of the encoded root. */
    @FunctionalInterface
    public interface SliceLabeler {
        BatchLabel label(int offset, int length);
    }

    /** Encodes {@code root} (created from a {@link QuiverSchema}) with one label for every record. */
    public List<EncodedRecord> encode(VectorSchemaRoot root, BatchLabel label) {
        return encode(root, (offset, length) -> label);
    }

    /**
     * Encodes {@code root} into as many records as its size requires, in row order. The root is not
     * modified or closed. Throws {@link IllegalArgumentException} when the root's schema carries no
     * Quiver name and version, and {@link IllegalStateException} when a single row is too large.
     */
    public List<EncodedRecord> encode(VectorSchemaRoot root, SliceLabeler labeler) {
        Map<String, String> meta = root.getSchema().getCustomMetadata();
        String name = meta == null ? null : meta.get(QuiverSchema.NAME_KEY);
        String version = meta == null ? null : meta.get(QuiverSchema.VERSION_KEY);
        if (name == null || version == null) {
            throw new IllegalArgumentException("the root's schema has no " + QuiverSchema.NAME_KEY + "/"
                    + QuiverSchema.VERSION_KEY + " metadata: create it from a QuiverSchema");
        }
        List<EncodedRecord> out = new ArrayList<>();
        byte[] whole = writeStream(root);
        if (whole.length <= maxRecordBytes || root.getRowCount() <= 1) {
            checkFits(whole.length, name, 0);
            out.add(record(whole, name, version, root.getRowCount(), labeler.label(0, root.getRowCount())));
            return out;
        }
        int pieces = (int) Math.ceil(whole.length / (maxRecordBytes * SPLIT_TARGET));
        int rows = root.getRowCount();
        int per = Math.max(1, (rows + pieces - 1) / pieces);
        for (int offset = 0; offset < rows; offset += per) {
            encodeSlice(root, offset, Math.min(per, rows - offset), name, version, labeler, out);
        }
        return out;
    }

    private void encodeSlice(VectorSchemaRoot root, int offset, int length, String name, String version,
                             SliceLabeler labeler, List<EncodedRecord> out) {
        byte[] bytes;
        try (VectorSchemaRoot slice = slice(root, offset, length)) {
            bytes = writeStream(slice);
        }
        if (bytes.length > maxRecordBytes && length > 1) {
            int half = length / 2;
            encodeSlice(root, offset, half, name, version, labeler, out);
            encodeSlice(root, offset + half, length - half, name, version, labeler, out);
            return;
        }
        checkFits(bytes.length, name, offset);
        out.add(record(bytes, name, version, length, labeler.label(offset, length)));
    }

    private void checkFits(int size, String name, int row) {
        if (size > maxRecordBytes) {
            throw new IllegalStateException(name + " row " + row + " alone encodes to " + size
                    + " bytes, over the record limit of " + maxRecordBytes
                    + " bytes: raise the broker's message.max.bytes and the codec's limit together");
        }
    }

    private EncodedRecord record(byte[] value, String name, String version, int rows, BatchLabel label) {
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(new RecordHeader(RecordHeaders.CONTENT_TYPE, RecordHeaders.utf8(RecordHeaders.CONTENT_TYPE_ARROW_STREAM)));
        headers.add(new RecordHeader(RecordHeaders.SCHEMA_NAME, RecordHeaders.utf8(name)));
        headers.add(new RecordHeader(RecordHeaders.SCHEMA_VERSION, RecordHeaders.utf8(version)));
        headers.add(new RecordHeader(RecordHeaders.ROW_COUNT, RecordHeaders.utf8(Integer.toString(rows))));
        headers.add(new RecordHeader(RecordHeaders.COMPRESSION,
                RecordHeaders.utf8(compression.name().toLowerCase(java.util.Locale.ROOT))));
        label.headers().forEach((k, v) -> headers.add(new RecordHeader(k, RecordHeaders.utf8(v))));
        return new EncodedRecord(value, headers, rows);
    }

    private byte[] writeStream(VectorSchemaRoot root) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out),
                IpcOption.DEFAULT, compressionFactory(), compression.codecType())) {
            writer.start();
            writer.writeBatch();
            writer.end();
        } catch (IOException e) {
            // writing to memory: only a bug gets here
            throw new IllegalStateException("cannot write Arrow IPC stream: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private CompressionCodec.Factory compressionFactory() {
        return compression == IpcCompression.NONE ? NoCompressionCodec.Factory.INSTANCE : ZstdBufferCodec.FACTORY;
    }

    /**
     * Decodes a record written by {@link #encode} (or by any Arrow IPC stream writer that sets the
     * schema metadata) into vectors owned by {@code allocator}.
     *
     * @throws PoisonRecordException when the value is not an Arrow IPC stream, is truncated, holds a
     *         different schema, or a major version other than {@code expected}'s
     */
    public DecodedBatch decode(byte[] value, Headers headers, QuiverSchema expected, BufferAllocator allocator)
            throws PoisonRecordException {
        if (value == null || value.length == 0) {
            throw new PoisonRecordException("empty record value: expected an Arrow IPC stream of " + expected);
        }
        checkHeaders(headers, expected);
        if (value.length < 8 || readIntLE(value, 0) != -1) {
            throw new PoisonRecordException("not an Arrow IPC stream: no continuation marker 0xFFFFFFFF at byte 0 (first bytes "
                    + hexPrefix(value) + ")");
        }
        List<VectorSchemaRoot> owned = new ArrayList<>();
        ZstdBufferCodec.takeDamage(); // an earlier read on this thread that threw before its check
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(value), allocator,
                ZstdBufferCodec.FACTORY)) {
            VectorSchemaRoot loaded = reader.getVectorSchemaRoot();
            SchemaVersion version = checkSchema(loaded.getSchema(), expected);
            loadAll(reader, allocator, owned, value.length);
            DecodedBatch batch = new DecodedBatch(expected.name(), version, owned);
            OptionalLong declared = RecordHeaders.number(headers, RecordHeaders.ROW_COUNT);
            if (declared.isPresent() && declared.getAsLong() != batch.rowCount()) {
                batch.close();
                throw new PoisonRecordException("truncated Arrow stream: header " + RecordHeaders.ROW_COUNT + " says "
                        + declared.getAsLong() + " rows, the stream holds " + batch.rowCount());
            }
            return batch;
        } catch (PoisonRecordException e) {
            owned.forEach(VectorSchemaRoot::close);
            throw e;
        } catch (OutOfMemoryException e) {
            owned.forEach(VectorSchemaRoot::close);
            throw new PoisonRecordException("record of " + value.length + " bytes does not fit the allocator's limit: "
                    + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            // Arrow reports malformed streams through several exception types; all mean the same here.
            owned.forEach(VectorSchemaRoot::close);
            throw new PoisonRecordException("malformed or truncated Arrow IPC stream (" + value.length + " bytes): "
                    + oneLine(e), e);
        }
    }

    /**
     * Decodes a record of whatever Quiver schema it carries (the lake's sink is generic over schemas):
     * a schema this build knows is checked as {@link #decode} checks it; another one needs only its
     * name and version in the stream's metadata.
     *
     * @throws PoisonRecordException as {@link #decode} does, or when the stream names no schema
     */
    public DecodedBatch decodeAny(byte[] value, Headers headers, BufferAllocator allocator) throws PoisonRecordException {
        String named = RecordHeaders.text(headers, RecordHeaders.SCHEMA_NAME);
        if (named != null && QuiverSchemas.byName(named).isPresent()) {
            return decode(value, headers, QuiverSchemas.byName(named).get(), allocator);
        }
        if (value == null || value.length < 8 || readIntLE(value, 0) != -1) {
            throw new PoisonRecordException("not an Arrow IPC stream: no continuation marker 0xFFFFFFFF at byte 0"
                    + (value == null ? "" : " (first bytes " + hexPrefix(value) + ")"));
        }
        List<VectorSchemaRoot> owned = new ArrayList<>();
        ZstdBufferCodec.takeDamage(); // an earlier read on this thread that threw before its check
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(value), allocator,
                ZstdBufferCodec.FACTORY)) {
            VectorSchemaRoot loaded = reader.getVectorSchemaRoot();
            Map<String, String> meta = loaded.getSchema().getCustomMetadata();
            String name = meta == null ? null : meta.get(QuiverSchema.NAME_KEY);
            String version = meta == null ? null : meta.get(QuiverSchema.VERSION_KEY);
            if (name == null || version == null) {
                throw new PoisonRecordException("Arrow stream schema has no " + QuiverSchema.NAME_KEY + " / "
                        + QuiverSchema.VERSION_KEY + " metadata");
            }
            SchemaVersion v;
            try {
                v = SchemaVersion.parse(version);
            } catch (IllegalArgumentException e) {
                throw new PoisonRecordException(name + ": " + e.getMessage());
            }
            loadAll(reader, allocator, owned, value.length);
            return new DecodedBatch(name, v, owned);
        } catch (PoisonRecordException e) {
            owned.forEach(VectorSchemaRoot::close);
            throw e;
        } catch (IOException | RuntimeException e) {
            owned.forEach(VectorSchemaRoot::close);
            throw new PoisonRecordException("malformed or truncated Arrow IPC stream (" + value.length + " bytes): "
                    + oneLine(e), e);
        }
    }

    private static void checkHeaders(Headers headers, QuiverSchema expected) throws PoisonRecordException {
        String name = RecordHeaders.text(headers, RecordHeaders.SCHEMA_NAME);
        if (name != null && !name.equals(expected.name())) {
            throw new PoisonRecordException("schema '" + name + "' where " + expected.name() + " was expected");
        }
        String version = RecordHeaders.text(headers, RecordHeaders.SCHEMA_VERSION);
        if (version != null) {
            checkVersion(version, expected);
        }
    }

    private static SchemaVersion checkVersion(String text, QuiverSchema expected) throws PoisonRecordException {
        SchemaVersion v;
        try {
            v = SchemaVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(expected.name() + ": " + e.getMessage());
        }
        if (!expected.version().canRead(v)) {
            throw new PoisonRecordException(expected.name() + " version " + v + " is incompatible: this consumer reads major version "
                    + expected.version().major() + " (built for " + expected.version() + ")");
        }
        return v;
    }

    private static SchemaVersion checkSchema(Schema actual, QuiverSchema expected) throws PoisonRecordException {
        Map<String, String> meta = actual.getCustomMetadata();
        String name = meta == null ? null : meta.get(QuiverSchema.NAME_KEY);
        if (name == null) {
            throw new PoisonRecordException("Arrow stream schema has no " + QuiverSchema.NAME_KEY + " metadata; expected " + expected);
        }
        if (!name.equals(expected.name())) {
            throw new PoisonRecordException("Arrow stream holds schema '" + name + "' where " + expected.name() + " was expected");
        }
        String version = meta.get(QuiverSchema.VERSION_KEY);
        if (version == null) {
            throw new PoisonRecordException("Arrow stream schema " + name + " has no " + QuiverSchema.VERSION_KEY + " metadata");
        }
        SchemaVersion v = checkVersion(version, expected);
        for (Field want : expected.arrowSchema().getFields()) {
            Field got;
            try {
                got = actual.findField(want.getName());
            } catch (IllegalArgumentException e) {
                got = null;
            }
            if (got == null) {
                if (want.isNullable() && v.minor() < expected.version().minor()) {
                    continue; // written before the minor version that added this (nullable) column
                }
                throw new PoisonRecordException(expected.name() + " " + v + " stream lacks column '" + want.getName() + "'");
            }
            if (!got.getType().equals(want.getType())) {
                throw new PoisonRecordException(expected.name() + " column '" + want.getName() + "' has type " + got.getType()
                        + ", expected " + want.getType());
            }
        }
        return v;
    }

    /**
     * Rows {@code [offset, offset + length)} as a new root with the full schema. Unlike
     * {@code VectorSchemaRoot.slice}, keeps the schema metadata and every field's nullability.
     */
    private static VectorSchemaRoot slice(VectorSchemaRoot root, int offset, int length) {
        List<FieldVector> vectors = new ArrayList<>(root.getFieldVectors().size());
        for (FieldVector v : root.getFieldVectors()) {
            TransferPair tp = v.getTransferPair(v.getField(), v.getAllocator());
            tp.splitAndTransfer(offset, length);
            vectors.add((FieldVector) tp.getTo());
        }
        return new VectorSchemaRoot(root.getSchema(), vectors, length);
    }

    /**
     * Every batch of the stream into {@code owned} (each transferred to {@code allocator}, so the
     * caller closes it), refusing the record after a batch in which a ZSTD frame was damaged.
     */
    private static void loadAll(ArrowStreamReader reader, BufferAllocator allocator, List<VectorSchemaRoot> owned, int recordBytes)
            throws IOException, PoisonRecordException {
        VectorSchemaRoot loaded = reader.getVectorSchemaRoot();
        while (reader.loadNextBatch()) {
            owned.add(transfer(loaded, allocator));
            String damage = ZstdBufferCodec.takeDamage();
            if (damage != null) {
                throw new PoisonRecordException(damage + " (record of " + recordBytes + " bytes)");
            }
        }
    }

    private static VectorSchemaRoot transfer(VectorSchemaRoot loaded, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>(loaded.getFieldVectors().size());
        for (FieldVector v : loaded.getFieldVectors()) {
            // passing the field keeps nullability and metadata (some vectors drop them otherwise)
            TransferPair tp = v.getTransferPair(v.getField(), allocator);
            tp.transfer();
            vectors.add((FieldVector) tp.getTo());
        }
        return new VectorSchemaRoot(loaded.getSchema(), vectors, loaded.getRowCount());
    }

    private static int readIntLE(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static String hexPrefix(byte[] b) {
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return sb.toString();
    }

    static String oneLine(Throwable e) {
        String m = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return m.replace('\n', ' ').replace('\r', ' ');
    }
}
