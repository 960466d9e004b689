package io.quiver.ingest.source;

import java.io.IOException;

/** Ledgers of a range in sequence order. Not thread-safe: one consumer. */
public interface LedgerStream extends AutoCloseable {

    /**
     * The next ledger or gap, waiting for the source when following its tip; {@code null} after the
     * end of a bounded range.
     */
    SourceItem next() throws IOException, InterruptedException;

    /**
     * True when {@link #next} will answer soon (ledgers buffered or being fetched); false when it
     * waits for the source's tip or a poll, so a publisher closes its batch instead of holding it.
     */
    boolean ready();

    @Override
    void close();
}
