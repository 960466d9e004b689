package io.quiver.sink.events;

/**
 * An event's position: {@code <ledger>-<event_index>}, the ledger sequence and the event's place in
 * that ledger's full event list. Positions are totally ordered, the same whatever the filter and
 * across restarts (they come from the chain, not from Kafka offsets), so "everything after this
 * cursor" is exact on REST pages and on a resumed live feed.
 */
public record EventCursor(long ledger, long eventIndex) implements Comparable<EventCursor> {

    public EventCursor {
        if (ledger < 0 || ledger > 0xFFFF_FFFFL || eventIndex < 0 || eventIndex > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("cursor " + ledger + "-" + eventIndex + " out of range");
        }
    }

    /** Parses {@code <ledger>-<event_index>}; a one-line error naming the text otherwise. */
    public static EventCursor parse(String text) {
        int dash = text == null ? -1 : text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            throw new IllegalArgumentException("cursor '" + text + "': expected <ledger>-<event_index>, e.g. 57000123-41");
        }
        try {
            return new EventCursor(Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor '" + text + "': expected <ledger>-<event_index>, e.g. 57000123-41");
        }
    }

    /** True if the event at {@code ledger}/{@code eventIndex} comes after this cursor. */
    public boolean before(long ledger, long eventIndex) {
        return ledger > this.ledger || ledger == this.ledger && eventIndex > this.eventIndex;
    }

    @Override
    public int compareTo(EventCursor o) {
        int c = Long.compare(ledger, o.ledger);
        return c != 0 ? c : Long.compare(eventIndex, o.eventIndex);
    }

    @Override
    public String toString() {
        return ledger + "-" + eventIndex;
    }
}
