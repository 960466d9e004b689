package io.quiver.sink.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.quiver.sink.query.ArrowExport;
import io.quiver.sink.query.QueryException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * A query result as one Arrow IPC stream, straight from DuckDB's Arrow export ({@link ArrowExport}),
 * at most {@code max-rows} rows. Also keeps the last value of one text column
 * (the events' {@code cursor}) for paging headers.
 */
public final class ArrowResults {

    /** The stream's bytes, its row count and the last value of the column asked for (null if none). */
    public record Encoded(byte[] bytes, long rows, String last) {
    }

    private ArrowResults() {
    }

    public static Encoded read(ResultSet rs, BufferAllocator allocator, int maxRows, String lastOf) throws SQLException, QueryException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] last = {null};
        ArrowStreamWriter[] writer = {null};
        long rows;
        try {
            rows = ArrowExport.read(rs, allocator, maxRows, QueryException.Limit.REST, new ArrowExport.Batches() {
                @Override
                public void start(VectorSchemaRoot root) throws IOException {
                    writer[0] = new ArrowStreamWriter(root, null, out);
                    writer[0].start();
                }

                @Override
                public void batch(VectorSchemaRoot root) throws IOException {
                    if (lastOf != null && root.getRowCount() > 0) {
                        FieldVector v = root.getVector(lastOf);
                        Object o = v == null ? null : v.getObject(root.getRowCount() - 1);
                        last[0] = o == null ? null : o.toString();
                    }
                    writer[0].writeBatch();
                }
            });
            writer[0].end();
        } catch (IOException e) {
            throw new SQLException("writing the Arrow result: " + e.getMessage(), e);
        } finally {
            if (writer[0] != null) {
                writer[0].close();
            }
        }
        return new Encoded(out.toByteArray(), rows, last[0]);
    }
}
