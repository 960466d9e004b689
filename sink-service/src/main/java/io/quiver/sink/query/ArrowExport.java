package io.quiver.sink.query;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;

/**
 * A DuckDB result read as Arrow batches of 8192 rows (DuckDB's own export through the C data
 * interface: no row objects), within a row limit: the one way REST's Arrow answers and Flight's
 * streams read results.
 */
public final class ArrowExport {

    /** Receives the export's root once, then each batch loaded into it; {@code stopped} ends the read early (a client gone). */
    public interface Batches {
        void start(VectorSchemaRoot root) throws IOException;

        void batch(VectorSchemaRoot root) throws IOException;

        default boolean stopped() {
            return false;
        }
    }

    private ArrowExport() {
    }

    /**
     * Hands the batches of {@code rs} to {@code into}; more than {@code maxRows} rows is a
     * {@link QueryException.Kind#TOO_LARGE} naming the {@code limit}. Returns the rows read.
     */
    public static long read(ResultSet rs, BufferAllocator allocator, long maxRows, QueryException.Limit limit, Batches into)
            throws SQLException, QueryException {
        DuckDBResultSet duck = rs.unwrap(DuckDBResultSet.class);
        long rows = 0;
        try (ArrowReader reader = (ArrowReader) duck.arrowExportStream(allocator, 8192)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            into.start(root);
            while (!into.stopped() && reader.loadNextBatch()) {
                rows += root.getRowCount();
                if (rows > maxRows) {
                    throw QueryException.tooManyRows(maxRows, limit);
                }
                into.batch(root);
            }
        } catch (IOException e) {
            throw new SQLException("reading DuckDB's Arrow export: " + e.getMessage(), e);
        }
        return rows;
    }
}
