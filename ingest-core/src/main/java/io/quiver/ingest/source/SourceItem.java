package io.quiver.ingest.source;

/** What a {@link LedgerStream} yields, in ledger order: a ledger, or a recorded gap. */
public sealed interface SourceItem permits SourcedLedger, LedgerGap {

    /** The first ledger this item covers. */
    long first();

    /** The last ledger this item covers (inclusive). */
    long last();
}
