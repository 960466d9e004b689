package io.quiver.lake.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Joins finished lake files of one partition into one, for compaction. Parquet row groups are
 * copied as they are (no decoding, no re-encoding: the pages' bytes move), so a compaction costs
 * disk bandwidth, not CPU; text files are concatenated (CSV keeps the first header only).
 */
public final class LakeFileMerger {

    private LakeFileMerger() {
    }

    /** Whether {@code files} can be joined: for Parquet, the same schema in all of them. */
    public static boolean compatible(LakeFormat format, List<Path> files) throws IOException {
        if (format != LakeFormat.PARQUET) {
            return true;
        }
        MessageType first = null;
        for (Path f : files) {
            try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
                MessageType t = r.getFileMetaData().getSchema();
                if (first == null) {
                    first = t;
                } else if (!first.equals(t)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Writes {@code inputs}, in order, as one file {@code out} (which must not exist), forced to the device. */
    public static void merge(LakeFormat format, List<Path> inputs, Path out) throws IOException {
        switch (format) {
            case PARQUET -> mergeParquet(inputs, out);
            case JSON_LINES -> concatenate(inputs, out, false);
            case CSV -> concatenate(inputs, out, true);
        }
    }

    private static void mergeParquet(List<Path> inputs, Path out) throws IOException {
        MessageType schema;
        Map<String, String> meta;
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(inputs.get(0)))) {
            schema = r.getFileMetaData().getSchema();
            meta = r.getFileMetaData().getKeyValueMetaData();
        }
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ParquetFileWriter w = new ParquetFileWriter(new ChannelOutputFile(channel, out), schema, ParquetFileWriter.Mode.CREATE,
                    128L << 20, 0, null, ParquetProperties.builder().build());
            w.start();
            for (Path in : inputs) {
                w.appendFile(new LocalInputFile(in));
            }
            w.end(meta);
            channel.force(true);
        }
    }

    private static void concatenate(List<Path> inputs, Path out, boolean skipHeaders) throws IOException {
        try (OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < inputs.size(); i++) {
                if (skipHeaders && i > 0) {
                    try (BufferedReader r = Files.newBufferedReader(inputs.get(i), StandardCharsets.UTF_8)) {
                        String header = r.readLine();
                        long skip = header == null ? 0 : header.getBytes(StandardCharsets.UTF_8).length + 2;
                        try (var in = Files.newInputStream(inputs.get(i))) {
                            in.skipNBytes(Math.min(skip, Files.size(inputs.get(i))));
                            in.transferTo(o);
                        }
                    }
                } else {
                    Files.copy(inputs.get(i), o);
                }
            }
        }
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
