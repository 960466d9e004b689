package io.quiver.ingest.publish;

import java.time.Instant;

import io.quiver.ingest.source.LedgerSourceException;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.schema.rows.StellarLedgerRow;
import io.quiver.stellar.ledger.LedgerFileException;
import io.quiver.stellar.ledger.LedgerSummary;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.stellar.xdr.model.LedgerHeader;

/** A sourced ledger as a {@code StellarLedger} row: decoded once to read its header and counts. */
public final class StellarLedgerRows {

    private StellarLedgerRows() {
    }

    /**
     * The row of {@code ledger}; an undecodable ledger, or one whose header has another sequence
     * than the source said, is an error naming where it was read.
     */
    public static StellarLedgerRow of(SourcedLedger ledger, byte[] networkId, String source) throws LedgerSourceException {
        LedgerView view;
        try {
            view = new LedgerView(new RawLedger(ledger.where(), ledger.xdr(), 0, ledger.xdr().length).decode());
        } catch (LedgerFileException e) {
            throw new LedgerSourceException("ledger " + ledger.sequence() + ": " + e.getMessage(), e);
        }
        if (view.sequence() != ledger.sequence()) {
            throw new LedgerSourceException(ledger.where() + ": header says ledger " + view.sequence() + " where ledger "
                    + ledger.sequence() + " was expected");
        }
        LedgerSummary counts = LedgerSummary.of(view);
        LedgerHeader h = view.header().header();
        int txs = counts.txCount();
        return new StellarLedgerRow(ledger.sequence(), view.header().hash(), h.previousLedgerHash(),
                Instant.ofEpochSecond(view.closeTime()), h.ledgerVersion(), view.version(), txs, txs - counts.failedTxCount(),
                counts.failedTxCount(), counts.opCount(),
                Integer.toUnsignedLong(h.baseFee()), Integer.toUnsignedLong(h.baseReserve()), networkId, source,
                ledger.xdr());
    }
}
