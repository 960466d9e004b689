package io.quiver.schema;

import java.util.Objects;

/**
 * A Semantic Version of a schema. A consumer accepts data whose major version equals the one it was
 * built for: minor versions only add nullable columns at the end, so older readers still find
 * every column they know by name.
 */
public record SchemaVersion(int major, int minor, int patch) {

    public SchemaVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("schema version parts must be >= 0");
        }
    }

    /** Parses {@code MAJOR.MINOR.PATCH}; throws {@link IllegalArgumentException} naming the text. */
    public static SchemaVersion parse(String text) {
        Objects.requireNonNull(text, "schema version");
        String[] parts = text.trim().split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a MAJOR.MINOR.PATCH schema version: '" + text + "'");
        }
        try {
            return new SchemaVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a MAJOR.MINOR.PATCH schema version: '" + text + "'");
        }
    }

    /** True when data written with {@code other} can be read by code built for this version. */
    public boolean canRead(SchemaVersion other) {
        return other.major == major;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
