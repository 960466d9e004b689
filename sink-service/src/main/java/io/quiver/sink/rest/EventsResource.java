package io.quiver.sink.rest;

import java.util.ArrayList;
import java.util.List;

import io.quiver.sink.events.EventCursor;
import io.quiver.sink.events.EventSelection;
import io.quiver.sink.query.QueryException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * {@code GET /v1/events}: token transfer events from the lake by ledger range and filters, in
 * chain order (ledger, then the event's place in its ledger), a page at a time. The cursor is the
 * last event's position, so paging is exact across restarts and compactions.
 */
@Path("/v1/events")
public class EventsResource {

    static final String TABLE = "token_transfer_events";
    static final String COLUMNS = "event_id, ledger_sequence, closed_at, tx_hash, transaction_index, operation_index, event_index, "
            + "event_type, contract_address, \"from\", \"to\", asset_type, asset_code, asset_issuer, amount, to_muxed_type, "
            + "to_muxed_text, to_muxed_id, to_muxed_hash, ledger_sequence || '-' || event_index AS cursor";

    private final QueryResponses responses;

    public EventsResource(QueryResponses responses) {
        this.responses = responses;
    }

    @GET
    @Produces({"application/json", "text/csv", "application/vnd.apache.arrow.stream"})
    @Operation(summary = "Token transfer events by ledger range, type, asset, account, contract and minimum amount, with cursor paging")
    public Response events(
            @Parameter(description = "First ledger (inclusive)") @QueryParam("from_ledger") String fromLedger,
            @Parameter(description = "Last ledger (inclusive)") @QueryParam("to_ledger") String toLedger,
            @Parameter(description = "Event types, comma-separated: transfer, mint, burn, clawback, fee") @QueryParam("types") String types,
            @Parameter(description = "Assets, comma-separated: native or CODE:ISSUER") @QueryParam("assets") String assets,
            @Parameter(description = "Accounts (from or to), comma-separated G/M/C/B/L addresses") @QueryParam("accounts") String accounts,
            @Parameter(description = "Emitting contracts, comma-separated C addresses") @QueryParam("contracts") String contracts,
            @Parameter(description = "Minimum amount in raw units (stroops for XLM)") @QueryParam("min_amount") String minAmount,
            @Parameter(description = "Start after this position (next_cursor of the previous page): <ledger>-<event_index>")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Events per page, 1 to 1000 (default 100)") @QueryParam("limit") String limit,
            @HeaderParam("Accept") String accept) throws QueryException {
        EventSelection selection = EventSelection.parse(types, assets, accounts, contracts, minAmount);
        RestParams.LedgerRange range = RestParams.ledgerRange(fromLedger, toLedger);
        long from = range.from();
        long to = range.to();
        int n = RestParams.limit(limit, 100, 1000);
        EventCursor after = cursor == null || cursor.isBlank() ? null : EventCursor.parse(cursor.trim());
        if (!responses.engine().tables().contains(TABLE)) {
            return responses.empty(accept, "events");
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ").append(TABLE)
                .append(" WHERE ledger_sequence BETWEEN ? AND ?");
        params.add(from);
        params.add(to);
        if (after != null) {
            sql.append(" AND (ledger_sequence > ? OR ledger_sequence = ? AND event_index > ?)");
            params.add(after.ledger());
            params.add(after.ledger());
            params.add(after.eventIndex());
        }
        sql.append(" AND ").append(selection.sql(params));
        sql.append(" ORDER BY ledger_sequence, event_index LIMIT ").append(n);
        return responses.page(sql.toString(), params, accept, "events", "cursor", n);
    }
}
