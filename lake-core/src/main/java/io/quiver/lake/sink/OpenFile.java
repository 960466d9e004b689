package io.quiver.lake.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.quiver.lake.format.FileLayout;
import io.quiver.lake.format.LakeFileWriter;
import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.format.WriterOptions;
import org.apache.arrow.vector.types.pojo.Schema;

/** A file being written for one hive partition of one source partition, in the spool folder. */
final class OpenFile implements AutoCloseable {

    final String table;
    final String partition;
    final Schema batchSchema;
    final FileLayout layout;
    final Path spooled;
    final LakeFileWriter writer;
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;

    OpenFile(String table, String partition, Schema batchSchema, FileLayout layout, Path spooled, LakeFormat format,
             WriterOptions options) throws IOException {
        this.table = table;
        this.partition = partition;
        this.batchSchema = batchSchema;
        this.layout = layout;
        this.spooled = spooled;
        this.writer = format.open(spooled, layout, options);
    }

    void time(long min, long max) {
        minTime = Math.min(minTime, min);
        maxTime = Math.max(maxTime, max);
    }

    /** Drops the file: its rows are read again from the source after the last commit. */
    @Override
    public void close() {
        writer.close();
        try {
            Files.deleteIfExists(spooled);
        } catch (IOException ignored) {
            // a leftover spool file is an orphan the next start deletes
        }
    }
}
