package io.quiver.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One of Quiver's published Arrow schemas: a name, a {@link SchemaVersion} and the Arrow
 * {@link Schema} whose metadata carries both (keys {@link #NAME_KEY}, {@link #VERSION_KEY}) and whose
 * fields each carry a {@link #DESCRIPTION_KEY}. The metadata travels inside every IPC stream, so a
 * consumer in any language can tell what it is reading without Quiver's code.
 */
public final class QuiverSchema {

    public static final String NAME_KEY = "quiver.schema.name";
    public static final String VERSION_KEY = "quiver.schema.version";
    public static final String SCHEMA_DESCRIPTION_KEY = "quiver.schema.description";
    public static final String DESCRIPTION_KEY = "description";

    private final String name;
    private final SchemaVersion version;
    private final Schema schema;

    QuiverSchema(String name, SchemaVersion version, String description, List<Field> fields) {
        this.name = Objects.requireNonNull(name);
        this.version = Objects.requireNonNull(version);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(NAME_KEY, name);
        meta.put(VERSION_KEY, version.toString());
        meta.put(SCHEMA_DESCRIPTION_KEY, description);
        this.schema = new Schema(fields, meta);
    }

    public String name() {
        return name;
    }

    public SchemaVersion version() {
        return version;
    }

    public Schema arrowSchema() {
        return schema;
    }

    /** Index of a top-level column, failing loudly on a typo instead of returning -1. */
    public int columnIndex(String column) {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name + " has no column '" + column + "'");
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
