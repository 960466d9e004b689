package io.quiver.lake.format;

/** Refuses, before any row is written, a layout the lake's formats cannot write. */
public final class SchemaCheck {

    private SchemaCheck() {
    }

    /** The Parquet schema the lake writes for {@code layout} (for tools and benchmarks). */
    public static org.apache.parquet.schema.MessageType parquetSchema(FileLayout layout) {
        return ParquetSchemas.messageType("quiver", layout.columns());
    }

    /** @throws IllegalArgumentException naming the column whose type has no lake mapping */
    public static void check(FileLayout layout) {
        ParquetSchemas.messageType("quiver", layout.columns());
        for (int c = 0; c < layout.columns().size(); c++) {
            if (FileLayout.constantIndex(layout.sources()[c]) < 0) {
                org.apache.arrow.vector.types.pojo.Field f = layout.columns().get(c);
                LeafValues.of(ParquetSchemas.leafType(f), false);
            }
        }
    }
}
