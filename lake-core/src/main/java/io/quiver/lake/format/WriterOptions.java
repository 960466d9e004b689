package io.quiver.lake.format;

/**
 * How files are laid out inside (the file-level rotation limits live with the sink).
 *
 * @param codec          Parquet page codec
 * @param rowGroupRows   a Parquet row group ends at this many rows ...
 * @param rowGroupBytes  ... or when its buffered pages reach this many bytes
 * @param pageBytes      target Parquet page size
 */
public record WriterOptions(ParquetCodec codec, int rowGroupRows, long rowGroupBytes, int pageBytes) {

    /** zstd, row groups of 128 Ki rows or 64 MiB, 1 MiB pages: what DuckDB, Spark and Trino read well. */
    public static WriterOptions defaults() {
        return new WriterOptions(ParquetCodec.ZSTD, 128 * 1024, 64L << 20, 1 << 20);
    }

    public WriterOptions withCodec(ParquetCodec c) {
        return new WriterOptions(c, rowGroupRows, rowGroupBytes, pageBytes);
    }
}
