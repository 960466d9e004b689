package io.quiver.sink.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quiver.lake.manifest.LakeFile;
import io.quiver.sink.query.LakeQueryEngine;
import io.quiver.sink.query.QueryException;
import io.quiver.sink.query.ResultTable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/tables}: the lake's tables with their columns (as SQL sees them) and their committed files, rows and bytes. */
@Path("/v1/tables")
public class TablesResource {

    private final LakeQueryEngine engine;

    public TablesResource(LakeQueryEngine engine) {
        this.engine = engine;
    }

    @GET
    @Produces("application/json")
    @Operation(summary = "The lake's tables: columns, files, rows, bytes")
    public List<Map<String, Object>> tables() throws QueryException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String table : engine.tables().stream().sorted().toList()) {
            ResultTable cols = engine.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                    + "ORDER BY ordinal_position", List.of(table), ResultTable::read);
            List<Map<String, Object>> columns = new ArrayList<>();
            for (Object[] c : cols.rows()) {
                columns.add(Map.of("name", c[0], "type", c[1]));
            }
            long rows = 0;
            long bytes = 0;
            List<LakeFile> files = engine.files(table);
            for (LakeFile f : files) {
                rows += f.rows();
                bytes += f.bytes();
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", table);
            t.put("files", files.size());
            t.put("rows", rows);
            t.put("bytes", bytes);
            t.put("columns", columns);
            out.add(t);
        }
        return out;
    }
}
