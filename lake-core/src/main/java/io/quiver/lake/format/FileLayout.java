package io.quiver.lake.format;

import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What one lake file holds: its columns in order, where each comes from, and the file's key-value
 * metadata (the Quiver schema name, version and description; column descriptions travel in the
 * fields' metadata).
 *
 * @param columns   the file's columns
 * @param sources   per column: the index of the batch column it copies, or {@code -(k + 1)} for the
 *                  k-th constant column (a value per call)
 * @param metadata  file-level key-value metadata
 */
public record FileLayout(List<Field> columns, int[] sources, Map<String, String> metadata) {

    public FileLayout {
        columns = List.copyOf(columns);
        sources = sources.clone();
        metadata = Map.copyOf(metadata);
        if (columns.size() != sources.length) {
            throw new IllegalArgumentException(columns.size() + " columns but " + sources.length + " sources");
        }
    }

    public Schema schema() {
        return new Schema(columns, metadata);
    }

    /** A constant column's index in the per-call constants, or -1 for a copied column. */
    public static int constantIndex(int source) {
        return source < 0 ? -source - 1 : -1;
    }
}
