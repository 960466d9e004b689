package io.quiver.lake.format;

import java.io.IOException;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes one lake file from Arrow batches. Rows are selected by index so that one decoded batch can
 * be spread over several hive partitions without copying it; values of the file's constant columns
 * (from Kafka headers or the record timestamp) come per call. Not thread-safe: one writer belongs to
 * one partition of one sink.
 */
public interface LakeFileWriter extends AutoCloseable {

    /**
     * Appends rows {@code rows[0..count)} of {@code root}, column by column.
     *
     * @param constants one value per constant column of the file's {@link FileLayout}, in order
     */
    void write(VectorSchemaRoot root, int[] rows, int count, long[] constants) throws IOException;

    /** Rows appended so far. */
    long rows();

    /** Bytes the file would have if finished now: written plus buffered (an estimate). */
    long estimatedBytes();

    /** Bytes held in memory by this writer (pages of the open row group, output buffers). */
    long bufferedBytes();

    /** Moves what is buffered to the file (Parquet: ends the row group), freeing its memory. */
    void flushBuffered() throws IOException;

    /** Completes the file (footer), forces it to the device and closes it. */
    void finish() throws IOException;

    /** Frees memory and closes the file; an unfinished file is left incomplete for the caller to delete. */
    @Override
    void close();
}
