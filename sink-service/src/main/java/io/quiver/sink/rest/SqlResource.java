package io.quiver.sink.rest;

import java.util.List;

import io.quiver.sink.query.QueryException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * {@code /v1/sql}: one read-only SELECT over the lake's tables (their lake names, e.g.
 * {@code token_transfer_events}), within the query limits. JSON rows are objects keyed by column.
 */
@Path("/v1/sql")
public class SqlResource {

    private final QueryResponses responses;

    public SqlResource(QueryResponses responses) {
        this.responses = responses;
    }

    @GET
    @Produces({"application/json", "text/csv", "application/vnd.apache.arrow.stream"})
    @Operation(summary = "Run one SELECT over the lake (q = the statement)")
    public Response get(@Parameter(description = "The SELECT statement") @QueryParam("q") String q,
                        @HeaderParam("Accept") String accept) throws QueryException {
        return run(q, accept);
    }

    @POST
    @Consumes("text/plain")
    @Produces({"application/json", "text/csv", "application/vnd.apache.arrow.stream"})
    @Operation(summary = "Run one SELECT over the lake (the body is the statement)")
    public Response post(String body, @HeaderParam("Accept") String accept) throws QueryException {
        return run(body, accept);
    }

    private Response run(String sql, String accept) throws QueryException {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("q: missing SQL statement");
        }
        return responses.rows(sql, List.of(), accept, "rows");
    }
}
