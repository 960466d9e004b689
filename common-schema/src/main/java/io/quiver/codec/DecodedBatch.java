package io.quiver.codec;

import java.util.List;

import io.quiver.schema.SchemaVersion;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The record batches of one Kafka record, owned by the caller's allocator. Close it when done: the
 * vectors' memory is released then, and a forgotten batch shows up as a leak of that allocator.
 */
public final class DecodedBatch implements AutoCloseable {

    private final String schemaName;
    private final SchemaVersion version;
    private final List<VectorSchemaRoot> batches;
    private final int rowCount;

    DecodedBatch(String schemaName, SchemaVersion version, List<VectorSchemaRoot> batches) {
        this.schemaName = schemaName;
        this.version = version;
        this.batches = List.copyOf(batches);
        this.rowCount = batches.stream().mapToInt(VectorSchemaRoot::getRowCount).sum();
    }

    public String schemaName() {
        return schemaName;
    }

    /** The version the producer wrote (same major as the consumer's, possibly a newer minor). */
    public SchemaVersion version() {
        return version;
    }

    /** The record batches in stream order; most records hold exactly one. */
    public List<VectorSchemaRoot> batches() {
        return batches;
    }

    public int rowCount() {
        return rowCount;
    }

    @Override
    public void close() {
        for (VectorSchemaRoot root : batches) {
            root.close();
        }
    }
}
