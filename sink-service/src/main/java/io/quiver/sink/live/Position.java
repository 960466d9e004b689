package io.quiver.sink.live;

import io.quiver.sink.events.EventCursor;

/**
 * How far a reader of the events topic has got: through event {@code index} of ledger
 * {@code ledger}, or with {@code index} -1 through the ledgers before {@code ledger} (and none of
 * its events). Ordered like cursors, so a replay can tell when it has read all the live feed has.
 */
record Position(long ledger, long index) implements Comparable<Position> {

    static Position before(long ledger) {
        return new Position(ledger, -1);
    }

    static Position of(EventCursor c) {
        return new Position(c.ledger(), c.eventIndex());
    }

    Position max(Position o) {
        return compareTo(o) >= 0 ? this : o;
    }

    @Override
    public int compareTo(Position o) {
        int c = Long.compare(ledger, o.ledger);
        return c != 0 ? c : Long.compare(index, o.index);
    }
}
