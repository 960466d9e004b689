package io.quiver.lake.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet from Arrow columns: each column of a batch is encoded by its {@link LeafEncoder} in one
 * loop over the selected rows, straight from the vectors' buffers into page bytes (parquet-java's
 * column writers take one value per call through several layers, and its record API would rebuild
 * every row as an object first). parquet-hadoop still does what is not per value: compressing and
 * buffering pages, the column and offset indexes, the footer. A row group ends at
 * {@link WriterOptions#rowGroupRows()} rows or {@link WriterOptions#rowGroupBytes()} buffered bytes,
 * or when the sink flushes this writer to free memory. The footer carries the layout's key-value
 * metadata and no wall-clock value, so the same rows give the same bytes.
 */
final class ParquetLakeWriter implements LakeFileWriter {

    /** Rows written between row-group size checks. */
    private static final int CHUNK_ROWS = 4096;
    /** Rows per page at most (parquet-java's default), so that readers can skip pages by row. */
    private static final int PAGE_ROWS = 20_000;

    private final FileLayout layout;
    private final WriterOptions options;
    private final MessageType schema;
    private final Path path;
    private final FileChannel channel;
    private final ParquetProperties props;
    private final BytesInputCompressor compressor;
    private final PageBytes page = new PageBytes();
    private LeafEncoder[] columns;
    private ParquetFileWriter file;
    private ColumnChunkPageWriteStore pages;
    private long rowGroupRows;
    private long rows;
    private boolean closed;

    ParquetLakeWriter(Path path, FileLayout layout, WriterOptions options) throws IOException {
        this.layout = layout;
        this.options = options;
        this.path = path;
        this.schema = ParquetSchemas.messageType("quiver", layout.columns());
        this.props = ParquetProperties.builder().withPageSize(options.pageBytes()).withDictionaryPageSize(options.pageBytes())
                .withPageRowCountLimit(PAGE_ROWS).withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0).build();
        this.compressor = options.codec().compressor();
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * Opens the Parquet writer at the first batch, whose values decide each string and binary
     * column's encoding: a column whose sampled values are mostly distinct (ids, hashes, amounts)
     * is written plain and without min/max statistics: a dictionary would only be filled, hashed
     * and dropped again per row group, and the min/max of random or text-ordered ids cost a
     * comparison per value and prune nothing. Low-cardinality columns (types, asset codes,
     * contracts) get a dictionary and min/max. The choice depends on the data only, so the same
     * rows give the same file.
     */
    private void open(VectorSchemaRoot first) throws IOException {
        List<ColumnDescriptor> leaves = schema.getColumns();
        List<Field> fields = layout.columns();
        columns = new LeafEncoder[fields.size()];
        for (int c = 0; c < columns.length; c++) {
            Field f = fields.get(c);
            int source = layout.sources()[c];
            boolean dictionary = FileLayout.constantIndex(source) < 0 && ParquetSchemas.isBytes(ParquetSchemas.leafType(f))
                    && !(f.getType() instanceof ArrowType.List
                         || DistinctSample.mostlyDistinct(first.getVector(source)));
            columns[c] = new LeafEncoder(f, leaves.get(c), source, dictionary, options.pageBytes(), PAGE_ROWS, page);
        }
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
        pages = new ColumnChunkPageWriteStore(compressor, schema, HeapByteBufferAllocator.getInstance(),
                props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled(), null, 0);
        for (LeafEncoder c : columns) {
            c.pages(pages.getPageWriter(c.descriptor));
        }
        rowGroupRows = 0;
    }

    @Override
    public void write(VectorSchemaRoot root, int[] rows, int count, long[] constants) throws IOException {
        if (file == null) {
            open(root);
        }
        for (LeafEncoder c : columns) {
            c.begin(root);
        }
        for (int from = 0; from < count; from += CHUNK_ROWS) {
            int to = Math.min(count, from + CHUNK_ROWS);
            for (LeafEncoder c : columns) {
                c.write(rows, from, to, constants);
            }
            rowGroupRows += to - from;
            this.rows += to - from;
            if (rowGroupRows >= options.rowGroupRows() || rowGroupBytes() >= options.rowGroupBytes()) {
                endRowGroup();
            }
        }
        // the batch's copies are not kept between writes: with many open files (one per hive partition of a
        // record) each would otherwise hold a copy of a whole batch until its row group ends
        for (LeafEncoder c : columns) {
            c.releaseBatch();
        }
    }

    /** Encoded bytes of the open row group: pages handed over (compressed) and pages being built. */
    private long rowGroupBytes() {
        long n = 0;
        for (LeafEncoder c : columns) {
            n += c.pageBytes() + pages.getPageWriter(c.descriptor).getMemSize();
        }
        return n;
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
            return file.getPos() + rowGroupBytes();
        } catch (IOException e) {
            return rowGroupBytes();
        }
    }

    @Override
    public long bufferedBytes() {
        if (pages == null) {
            return 0;
        }
        long n = page.allocated();
        for (LeafEncoder c : columns) {
            n += c.allocated() + pages.getPageWriter(c.descriptor).allocatedSize();
        }
        return n;
    }

    @Override
    public void flushBuffered() throws IOException {
        if (file == null) {
            return;
        }
        endRowGroup();
    }

    private void endRowGroup() throws IOException {
        if (rowGroupRows == 0) {
            return;
        }
        for (LeafEncoder c : columns) {
            c.endChunk();
        }
        file.startBlock(rowGroupRows);
        pages.flushToFileWriter(file);
        file.endBlock();
        pages.close();
        page.release();
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
        if (pages != null) {
            pages.close();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor; an unfinished file is deleted by the caller
        }
    }
}
