package io.quiver.ingest.source;

/**
 * One ledger as a source delivered it: its sequence, its {@code LedgerCloseMeta} XDR, and where it
 * was read (object key, file and offset, or RPC URL), so any error about it can name its origin.
 */
public record SourcedLedger(long sequence, byte[] xdr, String where) implements SourceItem {

    @Override
    public long first() {
        return sequence;
    }

    @Override
    public long last() {
        return sequence;
    }
}
