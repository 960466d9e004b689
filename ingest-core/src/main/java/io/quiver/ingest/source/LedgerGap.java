package io.quiver.ingest.source;

/**
 * Ledgers {@code first..last} that the source could not deliver and that were skipped under
 * {@link CorruptObjectPolicy#SKIP}: {@code object} names what was bad, {@code reason} says why.
 */
public record LedgerGap(long first, long last, String object, String reason) implements SourceItem {
}
