package io.quiver.ingest.service;

import java.util.OptionalLong;

/**
 * A ledger range request, as the legacy Flight ticket {@code stellar_ledger:START:END} writes it:
 * both inclusive; END 0 (or below START) means live, following new ledgers without end.
 */
public record LedgerTicket(long start, OptionalLong end) {

    public static final String STREAM_TYPE = "stellar_ledger";

    public static LedgerTicket parse(String ticket) {
        String[] parts = ticket.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("ticket '" + ticket + "': expected stellar_ledger:START:END");
        }
        if (!parts[0].equals(STREAM_TYPE)) {
            String hint = parts[0].equals("ttp_events") ? " (token transfer events are served by ttp-service on port 8816)" : "";
            throw new IllegalArgumentException("ticket '" + ticket + "': stream type '" + parts[0] + "' is not served here, only "
                    + STREAM_TYPE + hint);
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
        return new LedgerTicket(start, end == 0 || end < start ? OptionalLong.empty() : OptionalLong.of(end));
    }
}
