package io.quiver.sink.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 * Aggregates over token transfer events: counts and volume per asset per hour or day, and the top
 * accounts by volume. Volumes are exact sums of raw units (decimal(38,0) summed as DuckDB's
 * 128-bit decimals), never floats. An asset is {@code native}, {@code CODE:ISSUER}, or the
 * contract address of a custom token.
 */
@Path("/v1/stats")
public class StatsResource {

    private static final String ASSET = "CASE WHEN asset_type = 'native' THEN 'native' "
            + "WHEN asset_type IS NOT NULL THEN asset_code || ':' || asset_issuer ELSE contract_address END";

    private final QueryResponses responses;

    public StatsResource(QueryResponses responses) {
        this.responses = responses;
    }

    @GET
    @Path("/volume")
    @Produces({"application/json", "text/csv", "application/vnd.apache.arrow.stream"})
    @Operation(summary = "Event count and volume per asset per hour or day (record time, UTC)")
    public Response volume(
            @Parameter(description = "hour or day (default day)") @QueryParam("period") String period,
            @Parameter(description = "Event types, comma-separated (default transfer)") @QueryParam("types") String types,
            @Parameter(description = "Assets, comma-separated: native or CODE:ISSUER") @QueryParam("assets") String assets,
            @Parameter(description = "From this time (ISO-8601 or a date), inclusive") @QueryParam("from") String from,
            @Parameter(description = "Until this time (ISO-8601 or a date), exclusive") @QueryParam("to") String to,
            @HeaderParam("Accept") String accept) throws QueryException {
        String unit = period == null || period.isBlank() ? "day" : period.trim().toLowerCase(Locale.ROOT);
        if (!unit.equals("hour") && !unit.equals("day")) {
            throw new IllegalArgumentException("period: '" + period + "': expected hour or day");
        }
        EventSelection selection = EventSelection.parse(types == null || types.isBlank() ? "transfer" : types, assets, null, null, null);
        if (!responses.engine().tables().contains(EventsResource.TABLE)) {
            return responses.empty(accept, null);
        }
        List<Object> params = new ArrayList<>();
        String sql = "SELECT date_trunc('" + unit + "', closed_at) AS period_start, " + ASSET + " AS asset, count(*) AS event_count, "
                + "sum(amount_decimal) AS volume FROM " + EventsResource.TABLE + " WHERE " + selection.sql(params)
                + timeRange(from, to, params) + " GROUP BY ALL ORDER BY period_start, asset";
        return responses.rows(sql, params, accept, null);
    }

    @GET
    @Path("/top-accounts")
    @Produces({"application/json", "text/csv", "application/vnd.apache.arrow.stream"})
    @Operation(summary = "Accounts with the most volume (sent plus received) in one asset")
    public Response topAccounts(
            @Parameter(description = "The asset: native (default) or CODE:ISSUER") @QueryParam("asset") String asset,
            @Parameter(description = "Event types, comma-separated (default transfer)") @QueryParam("types") String types,
            @Parameter(description = "From this time (ISO-8601 or a date), inclusive") @QueryParam("from") String from,
            @Parameter(description = "Until this time (ISO-8601 or a date), exclusive") @QueryParam("to") String to,
            @Parameter(description = "Accounts, 1 to 1000 (default 10)") @QueryParam("limit") String limit,
            @HeaderParam("Accept") String accept) throws QueryException {
        String a = asset == null || asset.isBlank() ? "native" : asset.trim();
        if (a.contains(",")) {
            throw new IllegalArgumentException("asset: one asset only (volumes of different assets do not add up)");
        }
        EventSelection selection = EventSelection.parse(types == null || types.isBlank() ? "transfer" : types, a, null, null, null);
        int n = RestParams.limit(limit, 10, 1000);
        if (!responses.engine().tables().contains(EventsResource.TABLE)) {
            return responses.empty(accept, null);
        }
        List<Object> params = new ArrayList<>();
        String where = selection.sql(params) + timeRange(from, to, params);
        String sql = "WITH e AS (SELECT \"from\", \"to\", amount_decimal FROM " + EventsResource.TABLE + " WHERE " + where + "), "
                + "sides AS (SELECT \"from\" AS account, amount_decimal AS sent, 0::DECIMAL(38,0) AS received FROM e WHERE \"from\" IS NOT NULL "
                + "UNION ALL SELECT \"to\", 0::DECIMAL(38,0), amount_decimal FROM e WHERE \"to\" IS NOT NULL) "
                + "SELECT account, sum(sent) + sum(received) AS volume, sum(sent) AS sent, sum(received) AS received, count(*) AS events "
                + "FROM sides GROUP BY account ORDER BY volume DESC, account LIMIT " + n;
        return responses.rows(sql, params, accept, null);
    }

    private static String timeRange(String from, String to, List<Object> params) {
        Instant f = RestParams.time("from", from);
        Instant t = RestParams.time("to", to);
        if (f != null && t != null && !t.isAfter(f)) {
            throw new IllegalArgumentException("to " + t + " is not after from " + f);
        }
        StringBuilder sb = new StringBuilder();
        if (f != null) {
            sb.append(" AND closed_at >= ?::TIMESTAMPTZ");
            params.add(f.toString());
        }
        if (t != null) {
            sb.append(" AND closed_at < ?::TIMESTAMPTZ");
            params.add(t.toString());
        }
        return sb.toString();
    }
}
