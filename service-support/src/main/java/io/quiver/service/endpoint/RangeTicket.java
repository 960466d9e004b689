package io.quiver.service.endpoint;

import java.util.Map;
import java.util.OptionalLong;

/**
 * A Flight ticket of the legacy form {@code TYPE:START:END} (both inclusive; END 0 or below START
 * = live, following new ledgers), optionally followed by {@code :OPTIONS}. A ticket of a stream
 * type another service serves is refused with where to ask instead.
 */
public record RangeTicket(long start, OptionalLong end, String options) {

    /** Which service serves which stream type (the legacy ports). */
    private static final Map<String, String> SERVED_BY = Map.of(
            "stellar_ledger", "ingest-service on port 8815",
            "ttp_events", "ttp-service on port 8816");

    /** Parses {@code ticket} for stream {@code type}; {@code withOptions} allows the fourth part. */
    public static RangeTicket parse(String ticket, String type, boolean withOptions) {
        String shape = type + ":START:END" + (withOptions ? "[:FILTERS]" : "");
        String[] parts = withOptions ? ticket.split(":", 4) : ticket.split(":");
        if (parts.length < 3 || !withOptions && parts.length != 3) {
            throw new IllegalArgumentException("ticket '" + ticket + "': expected " + shape);
        }
        if (!parts[0].equals(type)) {
            String where = SERVED_BY.get(parts[0]);
            throw new IllegalArgumentException("ticket '" + ticket + "': stream type '" + parts[0] + "' is not served here, only "
                    + type + (where == null ? "" : " (" + parts[0] + " is served by " + where + ")"));
        }
        long start;
        long end;
        try {
            start = Long.parseLong(parts[1]);
            end = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ticket '" + ticket + "': START and END must be ledger numbers");
        }
        if (start < 1) {
            throw new IllegalArgumentException("ticket '" + ticket + "': START must be a ledger sequence (1 or more)");
        }
        return new RangeTicket(start, end == 0 || end < start ? OptionalLong.empty() : OptionalLong.of(end),
                parts.length == 4 ? parts[3] : "");
    }
}
