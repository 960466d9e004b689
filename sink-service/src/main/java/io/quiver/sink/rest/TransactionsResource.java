package io.quiver.sink.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

/**
 * Transactions and their operations from the lake's {@code transactions} and {@code operations}
 * tables: one by hash, an account's in order with cursor paging, a transaction's operations.
 */
@Path("/v1/transactions")
public class TransactionsResource {

    private static final String TRANSACTIONS = "transactions";
    private static final String OPERATIONS = "operations";

    private final QueryResponses responses;

    public TransactionsResource(QueryResponses responses) {
        this.responses = responses;
    }

    @GET
    @Produces({"application/json", "text/csv", "application/vnd.apache.arrow.stream"})
    @Operation(summary = "Transactions in ledger and application order, optionally of one source account, with cursor paging")
    public Response transactions(@Parameter(description = "G... source account (the inner transaction's)") @QueryParam("account") String account,
                                 @Parameter(description = "First ledger (inclusive)") @QueryParam("from_ledger") String fromLedger,
                                 @Parameter(description = "Last ledger (inclusive)") @QueryParam("to_ledger") String toLedger,
                                 @Parameter(description = "Start after this transaction id (a page's next_cursor)") @QueryParam("cursor") String cursor,
                                 @Parameter(description = "Transactions, 1 to 1000 (default 100)") @QueryParam("limit") String limit,
                                 @HeaderParam("Accept") String accept) throws QueryException {
        RestParams.LedgerRange range = RestParams.ledgerRange(fromLedger, toLedger);
        long from = range.from();
        long to = range.to();
        long after = cursor == null || cursor.isBlank() ? Long.MIN_VALUE : id("cursor", cursor);
        int n = RestParams.limit(limit, 100, 1000);
        if (!responses.engine().tables().contains(TRANSACTIONS)) {
            return responses.empty(accept, TRANSACTIONS);
        }
        StringBuilder sql = new StringBuilder("SELECT *, CAST(id AS VARCHAR) AS cursor FROM " + TRANSACTIONS
                + " WHERE ledger_sequence BETWEEN ? AND ? AND id > ?");
        List<Object> params = new ArrayList<>(List.of(from, to, after));
        if (account != null && !account.isBlank()) {
            if (!account.matches("G[A-Z2-7]{55}")) {
                throw new IllegalArgumentException("account: '" + account + "' is not a G... account");
            }
            sql.append(" AND account = ?");
            params.add(account);
        }
        sql.append(" ORDER BY id LIMIT ").append(n);
        return responses.page(sql.toString(), params, accept, TRANSACTIONS, "cursor", n);
    }

    @GET
    @Path("/{hash}")
    @Produces({"application/json", "text/csv", "application/vnd.apache.arrow.stream"})
    @Operation(summary = "One transaction by its hash (64 hex digits; 404 when the lake does not hold it)")
    public Response transaction(@PathParam("hash") String hash, @HeaderParam("Accept") String accept) throws QueryException {
        String h = hash(hash);
        if (!responses.engine().tables().contains(TRANSACTIONS)) {
            return notFound(h);
        }
        // a hash can repeat only across networks; the newest first
        return responses.one("SELECT * FROM " + TRANSACTIONS + " WHERE transaction_hash = unhex(?) ORDER BY id DESC LIMIT 1",
                new ArrayList<>(List.of(h)), accept, () -> notFound(h));
    }

    @GET
    @Path("/{hash}/operations")
    @Produces({"application/json", "text/csv", "application/vnd.apache.arrow.stream"})
    @Operation(summary = "The operations of a transaction, in order (404 when the lake holds no such transaction)")
    public Response operations(@PathParam("hash") String hash, @HeaderParam("Accept") String accept) throws QueryException {
        String h = hash(hash);
        if (!responses.engine().tables().contains(OPERATIONS)) {
            return notFound(h);
        }
        ArrayList<Object> params = new ArrayList<>(List.of(h));
        if (responses.engine().query("SELECT count(*) FROM " + OPERATIONS + " WHERE transaction_hash = unhex(?)", params,
                (rs, max) -> rs.next() ? rs.getLong(1) : 0L) == 0) {
            return notFound(h);
        }
        return responses.rows("SELECT * FROM " + OPERATIONS + " WHERE transaction_hash = unhex(?) ORDER BY id", params, accept,
                OPERATIONS);
    }

    private static String hash(String hash) {
        if (hash == null || !hash.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("hash: '" + hash + "' is not 64 hex digits");
        }
        return hash.toLowerCase(Locale.ROOT);
    }

    private static long id(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a transaction id");
        }
    }

    private static Response notFound(String hash) {
        return Errors.response(Response.Status.NOT_FOUND, "transaction " + hash + " is not in the lake");
    }
}
