package io.quiver.lake.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.quiver.lake.format.FileLayout;
import io.quiver.schema.QuiverSchema;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns a table's files hold for a given batch schema: the batch's columns less the excluded
 * ones, then the columns added from Kafka headers and the record timestamp. The file metadata keeps
 * the Quiver schema's name, version and description (columns keep their descriptions).
 */
public final class TableLayout {

    public static final String TABLE_KEY = "quiver.lake.table";
    /** {@code quiver.column.<name>}: the column's description, as the Quiver schema documents it. */
    public static final String COLUMN_DESCRIPTION_PREFIX = "quiver.column.";

    private TableLayout() {
    }

    public static FileLayout of(TableSpec spec, Schema batch) {
        List<Field> columns = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        List<Field> fields = batch.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (!spec.excludedColumns().contains(fields.get(i).getName())) {
                columns.add(fields.get(i));
                sources.add(i);
            }
        }
        int constant = 0;
        for (String column : spec.headerColumns().keySet().stream().sorted().toList()) {
            columns.add(new Field(column, new FieldType(true, new ArrowType.Int(64, false), null,
                    Map.of(QuiverSchema.DESCRIPTION_KEY, "From the Kafka header " + spec.headerColumns().get(column) + ".")), null));
            sources.add(-(constant++) - 1);
        }
        if (spec.kafkaTimestampColumn() != null) {
            columns.add(new Field(spec.kafkaTimestampColumn(), new FieldType(false, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), null,
                    Map.of(QuiverSchema.DESCRIPTION_KEY, "The Kafka record's timestamp, UTC.")), null));
            sources.add(-(constant++) - 1);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, String> batchMeta = batch.getCustomMetadata();
        if (batchMeta != null) {
            batchMeta.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> meta.put(e.getKey(), e.getValue()));
        }
        meta.put(TABLE_KEY, spec.name());
        for (Field f : columns) {
            String doc = f.getMetadata() == null ? null : f.getMetadata().get(QuiverSchema.DESCRIPTION_KEY);
            if (doc != null) {
                meta.put(COLUMN_DESCRIPTION_PREFIX + f.getName(), doc);
            }
        }
        int[] src = sources.stream().mapToInt(Integer::intValue).toArray();
        return new FileLayout(columns, src, meta);
    }

    /** Header names of the constant columns, in the order {@link FileLayout} expects their values. */
    public static List<String> constantHeaders(TableSpec spec) {
        return spec.headerColumns().keySet().stream().sorted().map(spec.headerColumns()::get).toList();
    }

    /** Whether two batch schemas give the same file columns (a change closes the open file). */
    public static boolean sameColumns(Schema a, Schema b) {
        return Objects.equals(a.getFields(), b.getFields());
    }
}
