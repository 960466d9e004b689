package io.quiver.sink.live;

import io.quiver.schema.rows.TokenTransferEventRow;

/**
 * One event as the feed hands it out: read from its batch once, and its JSON text written once for
 * every client that takes it (not once a client).
 */
final class LiveEvent {

    /** What one event counts against a client's queue cap in Arrow frames (about a row's share of a batch). */
    static final long ARROW_BYTES = 300;

    private final TokenTransferEventRow row;
    /**
     * Written on first use by the thread that hands the event out, before any client queues it (under
     * that client's lock), so the threads that send it see it.
     */
    private String json;

    LiveEvent(TokenTransferEventRow row) {
        this.row = row;
    }

    TokenTransferEventRow row() {
        return row;
    }

    long ledger() {
        return row.ledgerSequence();
    }

    long eventIndex() {
        return row.eventIndex();
    }

    String json() {
        String j = json;
        if (j == null) {
            j = EventJson.object(row);
            json = j;
        }
        return j;
    }

    /** The bytes it holds in a queue of {@code format}. */
    long bytes(LiveClient.Format format) {
        return format == LiveClient.Format.JSON ? json().length() + 1 : ARROW_BYTES;
    }
}
