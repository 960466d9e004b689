package io.quiver.ingest.service;

import java.util.OptionalLong;

import io.quiver.service.endpoint.RangeTicket;

/**
 * A ledger range request, as the legacy Flight ticket {@code stellar_ledger:START:END} writes it:
 * both inclusive; END 0 (or below START) means live, following new ledgers without end.
 */
public record LedgerTicket(long start, OptionalLong end) {

    public static final String STREAM_TYPE = "stellar_ledger";

    public static LedgerTicket parse(String ticket) {
        RangeTicket r = RangeTicket.parse(ticket, STREAM_TYPE, false);
        return new LedgerTicket(r.start(), r.end());
    }
}
