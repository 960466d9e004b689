package io.quiver.sink.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.quiver.sink.query.QueryException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.duckdb.DuckDBResultSet;

/**
 * A query result as one Arrow IPC stream, straight from DuckDB's Arrow export (no row objects), in
 * batches of 8192 rows, at most {@code max-rows} rows. Also keeps the last value of one text column
 * (the events' {@code cursor}) for paging headers.
 */
public final class ArrowResults {

    /** The stream's bytes, its row count and the last value of the column asked for (null if none). */
    public record Encoded(byte[] bytes, long rows, String last) {
    }

    private ArrowResults() {
    }

    public static Encoded read(ResultSet rs, BufferAllocator allocator, int maxRows, String lastOf) throws SQLException, QueryException {
        DuckDBResultSet duck = rs.unwrap(DuckDBResultSet.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rows = 0;
        String last = null;
        try (ArrowReader reader = (ArrowReader) duck.arrowExportStream(allocator, 8192)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            try (ArrowStreamWriter w = new ArrowStreamWriter(root, null, out)) {
                w.start();
                while (reader.loadNextBatch()) {
                    rows += root.getRowCount();
                    if (rows > maxRows) {
                        throw new QueryException(QueryException.Kind.TOO_LARGE, "the result has more than " + maxRows
                                + " rows (quiver.sink.query.max-rows): add a LIMIT or page with a cursor");
                    }
                    if (lastOf != null && root.getRowCount() > 0) {
                        FieldVector v = root.getVector(lastOf);
                        Object o = v == null ? null : v.getObject(root.getRowCount() - 1);
                        last = o == null ? null : o.toString();
                    }
                    w.writeBatch();
                }
                w.end();
            }
        } catch (IOException e) {
            throw new SQLException("writing the Arrow result: " + e.getMessage(), e);
        }
        return new Encoded(out.toByteArray(), rows, last);
    }
}
