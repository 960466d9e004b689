package io.quiver.sink.flight;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.quiver.sink.query.LakeQueryEngine;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow schema DuckDB's Arrow export will give a result, from the result's DuckDB types, so a
 * Flight SQL client learns it without the statement being run twice. Nested types (lists, structs,
 * maps) are given as text here; their streams carry the real type.
 */
final class DuckArrowTypes {

    private DuckArrowTypes() {
    }

    static Schema schema(List<LakeQueryEngine.Column> columns) {
        List<Field> fields = new ArrayList<>(columns.size());
        for (LakeQueryEngine.Column c : columns) {
            fields.add(new Field(c.name(), FieldType.nullable(type(c)), null));
        }
        return new Schema(fields);
    }

    static ArrowType type(LakeQueryEngine.Column c) {
        String t = c.type().toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            return new ArrowType.Decimal(c.precision(), c.scale(), 128);
        }
        return switch (t) {
            case "BOOLEAN" -> ArrowType.Bool.INSTANCE;
            case "TINYINT" -> new ArrowType.Int(8, true);
            case "SMALLINT" -> new ArrowType.Int(16, true);
            case "INTEGER" -> new ArrowType.Int(32, true);
            case "BIGINT" -> new ArrowType.Int(64, true);
            case "UTINYINT" -> new ArrowType.Int(8, false);
            case "USMALLINT" -> new ArrowType.Int(16, false);
            case "UINTEGER" -> new ArrowType.Int(32, false);
            case "UBIGINT" -> new ArrowType.Int(64, false);
            case "HUGEINT", "UHUGEINT" -> new ArrowType.Decimal(38, 0, 128);
            case "FLOAT" -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case "DOUBLE" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case "DATE" -> new ArrowType.Date(DateUnit.DAY);
            case "TIME" -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case "TIMESTAMP" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            case "TIMESTAMP_NS" -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
            case "TIMESTAMP_MS" -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
            case "TIMESTAMP_S" -> new ArrowType.Timestamp(TimeUnit.SECOND, null);
            case "INTERVAL" -> new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO);
            case "BLOB" -> ArrowType.Binary.INSTANCE;
            default -> ArrowType.Utf8.INSTANCE;
        };
    }
}
