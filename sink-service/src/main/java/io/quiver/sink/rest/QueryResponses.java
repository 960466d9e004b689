package io.quiver.sink.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.quiver.memory.ServiceAllocator;
import io.quiver.sink.query.LakeQueryEngine;
import io.quiver.sink.query.QueryException;
import io.quiver.sink.query.ResultTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.apache.arrow.memory.BufferAllocator;

/** Runs a query for a REST endpoint and writes its result in the encoding the client accepts. */
@ApplicationScoped
public class QueryResponses {

    /** Where the next page starts (events): also in the JSON body as {@code next_cursor}. */
    public static final String NEXT_CURSOR_HEADER = "Quiver-Next-Cursor";

    private final LakeQueryEngine engine;
    private final BufferAllocator allocator;

    public QueryResponses(LakeQueryEngine engine, ServiceAllocator allocator) {
        this.engine = engine;
        this.allocator = allocator.stage("rest", 1L << 30);
    }

    public LakeQueryEngine engine() {
        return engine;
    }

    /** The rows of {@code sql}: a JSON array (or {@code {"<key>": [...]}}), CSV or Arrow. */
    public Response rows(String sql, List<Object> params, String accept, String key) throws QueryException {
        return page(sql, params, accept, key, null, -1);
    }

    /**
     * As {@link #rows}, for a page of at most {@code limit} rows whose column {@code cursorColumn}
     * is the position: when the page is full the last cursor is the next page's start, given as
     * {@code next_cursor} in JSON and in the {@value #NEXT_CURSOR_HEADER} header.
     */
    public Response page(String sql, List<Object> params, String accept, String key, String cursorColumn, int limit)
            throws QueryException {
        ResultEncoding encoding = ResultEncoding.of(accept);
        if (encoding == ResultEncoding.ARROW) {
            ArrowResults.Encoded e = engine.query(sql, params, (rs, max) -> ArrowResults.read(rs, allocator, max, cursorColumn));
            Response.ResponseBuilder b = Response.ok(e.bytes(), encoding.mediaType());
            if (cursorColumn != null && e.rows() == limit && e.last() != null) {
                b.header(NEXT_CURSOR_HEADER, e.last());
            }
            return b.build();
        }
        ResultTable t = engine.query(sql, params, ResultTable::read);
        String next = null;
        if (cursorColumn != null && t.rows().size() == limit) {
            next = (String) t.rows().get(t.rows().size() - 1)[t.column(cursorColumn)];
        }
        Response.ResponseBuilder b = Response.ok(encode(t, encoding, key, next == null && cursorColumn == null
                ? Map.of() : nextCursor(next)), encoding.mediaType());
        if (next != null) {
            b.header(NEXT_CURSOR_HEADER, next);
        }
        return b.build();
    }

    /** The one row of {@code sql} (JSON: an object, not an array), or {@code notFound} when there is none. */
    public Response one(String sql, List<Object> params, String accept, Supplier<Response> notFound) throws QueryException {
        ResultEncoding encoding = ResultEncoding.of(accept);
        if (encoding == ResultEncoding.ARROW) {
            ArrowResults.Encoded e = engine.query(sql, params, (rs, max) -> ArrowResults.read(rs, allocator, max, null));
            return e.rows() == 0 ? notFound.get() : Response.ok(e.bytes(), encoding.mediaType()).build();
        }
        ResultTable t = engine.query(sql, params, ResultTable::read);
        if (t.rows().isEmpty()) {
            return notFound.get();
        }
        if (encoding == ResultEncoding.CSV) {
            return Response.ok(encode(t, encoding, null, Map.of()), encoding.mediaType()).build();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ResultEncoding.writeJsonObject(t, 0, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok(out.toByteArray(), encoding.mediaType()).build();
    }

    private static Map<String, Object> nextCursor(String next) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("next_cursor", next);
        return m;
    }

    static byte[] encode(ResultTable t, ResultEncoding encoding, String key, Map<String, Object> extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (encoding == ResultEncoding.CSV) {
                ResultEncoding.writeCsv(t, out);
            } else {
                ResultEncoding.writeJson(t, key, extra, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The answer for a table the lake holds no file of yet: no rows (JSON, CSV), or 204 No Content
     * for Arrow (a stream needs a schema, which comes from the files).
     */
    public Response empty(String accept, String key) {
        ResultEncoding encoding = ResultEncoding.of(accept);
        if (encoding == ResultEncoding.ARROW) {
            return Response.noContent().build();
        }
        ResultTable t = new ResultTable(List.of(), List.of(), List.of());
        return Response.ok(encode(t, encoding, key, key == null ? Map.of() : nextCursor(null)), encoding.mediaType()).build();
    }
}
