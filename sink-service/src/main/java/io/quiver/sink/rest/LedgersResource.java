package io.quiver.sink.rest;

import java.util.ArrayList;
import java.util.List;

import io.quiver.sink.query.QueryException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Ledgers from the lake's {@code ledgers} table: one by sequence, or a range. */
@Path("/v1/ledgers")
public class LedgersResource {

    private static final String TABLE = "ledgers";

    private final QueryResponses responses;

    public LedgersResource(QueryResponses responses) {
        this.responses = responses;
    }

    @GET
    @Produces({"application/json", "text/csv", "application/vnd.apache.arrow.stream"})
    @Operation(summary = "Ledgers by sequence range, in order")
    public Response ledgers(@Parameter(description = "First ledger (inclusive)") @QueryParam("from_ledger") String fromLedger,
                            @Parameter(description = "Last ledger (inclusive)") @QueryParam("to_ledger") String toLedger,
                            @Parameter(description = "Ledgers, 1 to 1000 (default 100)") @QueryParam("limit") String limit,
                            @HeaderParam("Accept") String accept) throws QueryException {
        RestParams.LedgerRange range = RestParams.ledgerRange(fromLedger, toLedger);
        long from = range.from();
        long to = range.to();
        int n = RestParams.limit(limit, 100, 1000);
        if (!responses.engine().tables().contains(TABLE)) {
            return responses.empty(accept, "ledgers");
        }
        List<Object> params = new ArrayList<>(List.of(from, to));
        return responses.rows("SELECT * FROM " + TABLE + " WHERE sequence BETWEEN ? AND ? ORDER BY sequence LIMIT " + n,
                params, accept, "ledgers");
    }

    @GET
    @Path("/{sequence}")
    @Produces({"application/json", "text/csv", "application/vnd.apache.arrow.stream"})
    @Operation(summary = "One ledger by its sequence (404 when the lake does not hold it)")
    public Response ledger(@PathParam("sequence") String sequence, @HeaderParam("Accept") String accept) throws QueryException {
        long seq = RestParams.ledger("sequence", sequence, -1);
        if (seq < 0) {
            throw new IllegalArgumentException("sequence: missing");
        }
        if (!responses.engine().tables().contains(TABLE)) {
            return notFound(seq);
        }
        return responses.one("SELECT * FROM " + TABLE + " WHERE sequence = ?", new ArrayList<>(List.of(seq)), accept,
                () -> notFound(seq));
    }

    private static Response notFound(long seq) {
        return Errors.response(Response.Status.NOT_FOUND, "ledger " + seq + " is not in the lake");
    }
}
