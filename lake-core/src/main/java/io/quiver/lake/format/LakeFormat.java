package io.quiver.lake.format;

import java.io.IOException;
import java.nio.file.Path;

/** The lake's file formats, one writer class each, chosen by configuration. */
public enum LakeFormat {
    PARQUET("parquet"),
    JSON_LINES("jsonl"),
    CSV("csv");

    private final String extension;

    LakeFormat(String extension) {
        this.extension = extension;
    }

    /** File name extension, without the dot. */
    public String extension() {
        return extension;
    }

    public LakeFileWriter open(Path file, FileLayout layout, WriterOptions options) throws IOException {
        return switch (this) {
            case PARQUET -> new ParquetLakeWriter(file, layout, options);
            case JSON_LINES -> new TextLakeWriter(file, layout, TextLakeWriter.Style.JSON_LINES);
            case CSV -> new TextLakeWriter(file, layout, TextLakeWriter.Style.CSV);
        };
    }

    public static LakeFormat ofExtension(String ext) {
        for (LakeFormat f : values()) {
            if (f.extension.equals(ext)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no lake format has extension '" + ext + "'");
    }
}
