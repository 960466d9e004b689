package io.quiver.schema;

import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Field factories that always attach a description, so no published column is undocumented. */
final class Columns {

    static final ArrowType UINT8 = new ArrowType.Int(8, false);
    static final ArrowType UINT32 = new ArrowType.Int(32, false);
    static final ArrowType UINT64 = new ArrowType.Int(64, false);
    static final ArrowType INT32 = new ArrowType.Int(32, true);
    static final ArrowType INT64 = new ArrowType.Int(64, true);
    static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
    static final ArrowType BINARY = ArrowType.Binary.INSTANCE;
    static final ArrowType LARGE_BINARY = ArrowType.LargeBinary.INSTANCE;
    static final ArrowType BOOL = ArrowType.Bool.INSTANCE;
    static final ArrowType HASH32 = new ArrowType.FixedSizeBinary(32);
    static final ArrowType TIMESTAMP_MICROS_UTC = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
    static final ArrowType TIMESTAMP_NANOS_UTC = new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC");
    /** Exact integer amounts up to 38 digits: the widest decimal DuckDB and Parquet readers keep exact. */
    static final ArrowType DECIMAL_38_0 = new ArrowType.Decimal(38, 0, 128);
    /** Classic amounts (int64 stroops) in units of the asset, exactly: 7 decimal places, as stellar-etl's amounts mean them. */
    static final ArrowType DECIMAL_38_7 = new ArrowType.Decimal(38, 7, 128);

    private Columns() {
    }

    static Field required(String name, ArrowType type, String description) {
        return new Field(name, new FieldType(false, type, null, meta(description)), null);
    }

    static Field optional(String name, ArrowType type, String description) {
        return new Field(name, new FieldType(true, type, null, meta(description)), null);
    }

    /** A non-null list column whose elements are non-null values of {@code elementType}. */
    static Field list(String name, ArrowType elementType, String description) {
        Field item = new Field("item", new FieldType(false, elementType, null), null);
        return new Field(name, new FieldType(false, ArrowType.List.INSTANCE, null, meta(description)), List.of(item));
    }

    private static Map<String, String> meta(String description) {
        return Map.of(QuiverSchema.DESCRIPTION_KEY, description);
    }
}
