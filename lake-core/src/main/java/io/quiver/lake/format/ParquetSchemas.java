package io.quiver.lake.format;

import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Arrow columns to Parquet types, the way other engines expect them: timestamps as
 * TIMESTAMP(unit, adjusted to UTC), decimal(38,0) as a 16-byte DECIMAL, unsigned integers with their
 * unsigned annotation, lists in the standard three-level form.
 */
final class ParquetSchemas {

    private ParquetSchemas() {
    }

    static MessageType messageType(String name, List<Field> columns) {
        List<Type> fields = new ArrayList<>(columns.size());
        for (Field f : columns) {
            fields.add(type(f));
        }
        return new MessageType(name, fields);
    }

    private static Type type(Field f) {
        Repetition rep = f.isNullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
        if (f.getType() instanceof ArrowType.List) {
            Field item = f.getChildren().get(0);
            Repetition itemRep = item.isNullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
            return Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
                    .addField(Types.repeatedGroup().addField(primitive(item, itemRep, "element")).named("list"))
                    .named(f.getName());
        }
        return primitive(f, rep, f.getName());
    }

    private static Type primitive(Field f, Repetition rep, String name) {
        ArrowType t = f.getType();
        if (t instanceof ArrowType.Int i) {
            if (i.getBitWidth() == 64) {
                return Types.primitive(PrimitiveTypeName.INT64, rep)
                        .as(LogicalTypeAnnotation.intType(64, i.getIsSigned())).named(name);
            }
            return Types.primitive(PrimitiveTypeName.INT32, rep)
                    .as(LogicalTypeAnnotation.intType(i.getBitWidth(), i.getIsSigned())).named(name);
        }
        if (t instanceof ArrowType.Timestamp ts) {
            LogicalTypeAnnotation.TimeUnit unit = switch (ts.getUnit()) {
                case MILLISECOND -> LogicalTypeAnnotation.TimeUnit.MILLIS;
                case MICROSECOND -> LogicalTypeAnnotation.TimeUnit.MICROS;
                case NANOSECOND -> LogicalTypeAnnotation.TimeUnit.NANOS;
                case SECOND -> throw new IllegalArgumentException("column " + name + ": second timestamps are not written");
            };
            return Types.primitive(PrimitiveTypeName.INT64, rep)
                    .as(LogicalTypeAnnotation.timestampType(ts.getTimezone() != null, unit)).named(name);
        }
        if (t instanceof ArrowType.Decimal d) {
            if (d.getBitWidth() != 128) {
                throw new IllegalArgumentException("column " + name + ": only 128-bit decimals are written");
            }
            return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep).length(16)
                    .as(LogicalTypeAnnotation.decimalType(d.getScale(), d.getPrecision())).named(name);
        }
        if (t instanceof ArrowType.FixedSizeBinary b) {
            return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep).length(b.getByteWidth()).named(name);
        }
        if (t instanceof ArrowType.Utf8 || t instanceof ArrowType.LargeUtf8) {
            return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
        }
        if (t instanceof ArrowType.Binary || t instanceof ArrowType.LargeBinary) {
            return Types.primitive(PrimitiveTypeName.BINARY, rep).named(name);
        }
        if (t instanceof ArrowType.Bool) {
            return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
        }
        if (t instanceof ArrowType.FloatingPoint) {
            throw new IllegalArgumentException("column " + name + ": floating point is not written to the lake (amounts are exact)");
        }
        throw new IllegalArgumentException("column " + name + ": Arrow type " + t + " has no lake mapping");
    }

    /** The type of a column's values: a list's items, else the column's own. */
    static ArrowType leafType(Field f) {
        return f.getType() instanceof ArrowType.List ? f.getChildren().get(0).getType() : f.getType();
    }

    /** Strings and binaries, whose encoding is chosen per column. */
    static boolean isBytes(ArrowType t) {
        return t instanceof ArrowType.Utf8 || t instanceof ArrowType.LargeUtf8 || t instanceof ArrowType.Binary
                || t instanceof ArrowType.LargeBinary || t instanceof ArrowType.FixedSizeBinary;
    }

}
