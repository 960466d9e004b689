package io.quiver.lake.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet from Arrow columns: each column of a batch goes through parquet-column's column writer in
 * one loop over the selected rows (parquet-java's record API would rebuild every row as an object
 * first). A row group ends at {@link WriterOptions#rowGroupRows()} rows or
 * {@link WriterOptions#rowGroupBytes()} buffered bytes, or when the sink flushes this writer to free
 * memory. The footer carries the layout's key-value metadata and no wall-clock value, so the same
 * rows give the same bytes.
 */
final class ParquetLakeWriter implements LakeFileWriter {

    /** Rows written between page-size checks: bounds how far a page overshoots its target. */
    private static final int CHUNK_ROWS = 4096;

    private final FileLayout layout;
    private final WriterOptions options;
    private final MessageType schema;
    private final Path path;
    private ParquetProperties props;
    private ParquetFileWriter file;
    private final FileChannel channel;
    private final Column[] columns;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private long rowGroupRows;
    private long rows;
    private boolean closed;

    ParquetLakeWriter(Path path, FileLayout layout, WriterOptions options) throws IOException {
        this.layout = layout;
        this.options = options;
        this.path = path;
        this.schema = ParquetSchemas.messageType("quiver", layout.columns());
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        List<ColumnDescriptor> leaves = schema.getColumns();
        columns = new Column[layout.columns().size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new Column(layout.columns().get(c), leaves.get(c), layout.sources()[c]);
        }
    }

    /**
     * Opens the Parquet writer at the first batch, whose values decide each string and binary
     * column's encoding: a column whose sampled values are mostly distinct (ids, hashes, amounts)
     * is written plain and without min/max statistics: a dictionary would only be filled, hashed
     * and dropped again per row group, and the min/max of random or text-ordered ids cost a
     * comparison per value and prune nothing. Low-cardinality columns (types, asset codes,
     * contracts) keep both. The choice depends on the data only, so the same rows give
     * the same file.
     */
    private void open(VectorSchemaRoot first) throws IOException {
        ParquetProperties.Builder b = ParquetProperties.builder()
                .withPageSize(options.pageBytes())
                .withDictionaryPageSize(options.pageBytes())
                .withPageRowCountLimit(20_000)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withValuesWriterFactory(new PlainBinaryWriter.Factory())
                // per-value level histograms and unencoded sizes (Parquet 2.10's SizeStatistics): no
                // reader here plans with them, and they cost a call per value
                .withSizeStatisticsEnabled(false);
        for (Column c : columns) {
            if (c.constant >= 0 || c.list) {
                continue;
            }
            String name = c.descriptor.getPath()[0];
            ArrowType t = c.type;
            if (ParquetSchemas.isBytes(t) && DistinctSample.mostlyDistinct(first.getVector(c.source))) {
                b.withDictionaryEncoding(name, false);
                b.withStatisticsEnabled(name, false);
            }
        }
        props = b.build();
        try {
            file = new ParquetFileWriter(new ChannelOutputFile(channel, path), schema, ParquetFileWriter.Mode.CREATE,
                    options.rowGroupBytes(), 0, null, props);
            file.start();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        startRowGroup();
    }

    private void startRowGroup() {
        pages = new ColumnChunkPageWriteStore(options.codec().compressor(), schema, HeapByteBufferAllocator.getInstance(),
                props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled(), null, 0);
        store = props.newColumnWriteStore(schema, pages, pages);
        for (Column c : columns) {
            c.out = store.getColumnWriter(c.descriptor);
        }
        rowGroupRows = 0;
    }

    @Override
    public void write(VectorSchemaRoot root, int[] rows, int count, long[] constants) throws IOException {
        if (file == null) {
            open(root);
        }
        for (Column c : columns) {
            c.begin(root);
        }
        for (int from = 0; from < count; from += CHUNK_ROWS) {
            int to = Math.min(count, from + CHUNK_ROWS);
            for (Column c : columns) {
                c.write(rows, from, to, constants);
            }
            for (int i = from; i < to; i++) {
                store.endRecord();
            }
            rowGroupRows += to - from;
            this.rows += to - from;
            if (rowGroupRows >= options.rowGroupRows() || store.getBufferedSize() >= options.rowGroupBytes()) {
                flushBuffered();
            }
        }
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public long estimatedBytes() {
        if (file == null) {
            return 0;
        }
        try {
            return file.getPos() + store.getBufferedSize();
        } catch (IOException e) {
            return store.getBufferedSize();
        }
    }

    @Override
    public long bufferedBytes() {
        return store == null ? 0 : store.getAllocatedSize();
    }

    @Override
    public void flushBuffered() throws IOException {
        if (file == null || rowGroupRows == 0) {
            return;
        }
        store.flush();
        file.startBlock(rowGroupRows);
        pages.flushToFileWriter(file);
        file.endBlock();
        store.close();
        pages.close();
        startRowGroup();
    }

    @Override
    public void finish() throws IOException {
        if (file == null) {
            throw new IllegalStateException("no rows: an empty lake file is never finished");
        }
        flushBuffered();
        file.end(layout.metadata());
        channel.force(true);
        close();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (store != null) {
            store.close();
            pages.close();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor; an unfinished file is deleted by the caller
        }
    }

    /** One top-level column: a scalar, or a list of scalars. */
    private static final class Column {
        final ColumnDescriptor descriptor;
        final int source;
        final int constant;
        final boolean nullable;
        final ArrowType type;
        final boolean list;
        final boolean itemNullable;
        final int maxDef;
        final ArrowLeafValues values;
        ColumnWriter out;
        FieldVector vector;
        FieldVector items;

        Column(Field field, ColumnDescriptor descriptor, int source) {
            this.descriptor = descriptor;
            this.source = source;
            this.constant = FileLayout.constantIndex(source);
            this.nullable = field.isNullable();
            this.type = field.getType();
            this.list = type instanceof ArrowType.List;
            this.itemNullable = list && field.getChildren().get(0).isNullable();
            this.maxDef = descriptor.getMaxDefinitionLevel();
            this.values = constant >= 0 ? null
                    : ArrowLeafValues.of(list ? field.getChildren().get(0).getType() : field.getType());
        }

        void begin(VectorSchemaRoot root) {
            if (constant >= 0) {
                return;
            }
            vector = root.getVector(source);
            if (list) {
                items = ((ListVector) vector).getDataVector();
                values.begin(items);
            } else {
                values.begin(vector);
            }
        }

        void write(int[] rows, int from, int to, long[] constants) {
            if (constant >= 0) {
                long v = constants[constant];
                for (int k = from; k < to; k++) {
                    out.write(v, 0, maxDef);
                }
            } else if (list) {
                writeLists(rows, from, to);
            } else if (nullable) {
                for (int k = from; k < to; k++) {
                    int i = rows[k];
                    if (vector.isNull(i)) {
                        out.writeNull(0, 0);
                    } else {
                        values.write(out, i, 0, maxDef);
                    }
                }
            } else {
                for (int k = from; k < to; k++) {
                    values.write(out, rows[k], 0, maxDef);
                }
            }
        }

        private void writeLists(int[] rows, int from, int to) {
            ListVector lv = (ListVector) vector;
            int emptyDef = nullable ? 1 : 0;
            for (int k = from; k < to; k++) {
                int i = rows[k];
                if (nullable && lv.isNull(i)) {
                    out.writeNull(0, 0);
                    continue;
                }
                int start = lv.getOffsetBuffer().getInt((long) i * 4);
                int end = lv.getOffsetBuffer().getInt((long) (i + 1) * 4);
                if (start == end) {
                    out.writeNull(0, emptyDef);
                    continue;
                }
                for (int j = start; j < end; j++) {
                    int r = j == start ? 0 : 1;
                    if (itemNullable && items.isNull(j)) {
                        out.writeNull(r, maxDef - 1);
                    } else {
                        values.write(out, j, r, maxDef);
                    }
                }
            }
        }
    }
}
