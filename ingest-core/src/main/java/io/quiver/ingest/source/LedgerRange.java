package io.quiver.ingest.source;

import java.util.OptionalLong;

/**
 * Ledgers from {@code start} to {@code end} inclusive; without an end the range follows the
 * source's tip for ever.
 */
public record LedgerRange(long start, OptionalLong end) {

    public LedgerRange {
        if (start < 1 || start > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("start ledger " + start + " is not a ledger sequence (1 .. 2^32-1)");
        }
        if (end.isPresent() && end.getAsLong() < start) {
            throw new IllegalArgumentException("end ledger " + end.getAsLong() + " is before start ledger " + start);
        }
    }

    public static LedgerRange bounded(long start, long end) {
        return new LedgerRange(start, OptionalLong.of(end));
    }

    public static LedgerRange following(long start) {
        return new LedgerRange(start, OptionalLong.empty());
    }

    public boolean bounded() {
        return end.isPresent();
    }

    /** True when {@code sequence} is past the end of a bounded range. */
    public boolean isAfterEnd(long sequence) {
        return end.isPresent() && sequence > end.getAsLong();
    }

    /** The same range starting at {@code from} (a resume point), or empty when nothing is left. */
    public java.util.Optional<LedgerRange> from(long from) {
        if (isAfterEnd(from)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new LedgerRange(Math.max(start, from), end));
    }

    @Override
    public String toString() {
        return start + ".." + (end.isPresent() ? Long.toString(end.getAsLong()) : "(following the tip)");
    }
}
