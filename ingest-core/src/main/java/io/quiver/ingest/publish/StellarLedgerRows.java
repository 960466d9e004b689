package io.quiver.ingest.publish;

import java.time.Instant;

import io.quiver.ingest.source.LedgerSourceException;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.schema.rows.StellarLedgerRow;
import io.quiver.stellar.ledger.LedgerFileException;
import io.quiver.stellar.ledger.LedgerSummary;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.stellar.StrKey;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.stellar.xdr.model.LedgerCloseMetaExt;
import io.quiver.stellar.xdr.model.LedgerHeader;
import io.quiver.stellar.xdr.model.StellarValueExt;
import io.quiver.stellar.xdr.model.StellarValueType;

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
        return of(view, ledger.xdr(), networkId, source);
    }

    /** The row of a decoded ledger whose XDR is {@code xdr}. */
    public static StellarLedgerRow of(LedgerView view, byte[] xdr, byte[] networkId, String source) {
        LedgerSummary counts = LedgerSummary.of(view);
        LedgerHeader h = view.header().header();
        int txs = counts.txCount();
        return new StellarLedgerRow(view.sequence(), view.header().hash(), h.previousLedgerHash(),
                Instant.ofEpochSecond(view.closeTime()), h.ledgerVersion(), view.version(), txs, txs - counts.failedTxCount(),
                counts.failedTxCount(), counts.opCount(),
                Integer.toUnsignedLong(h.baseFee()), Integer.toUnsignedLong(h.baseReserve()), networkId, source,
                xdr, headerFacts(view));
    }

    /** stellar-etl's {@code history_ledgers} header columns of {@code view} (StellarLedger 1.1). */
    public static StellarLedgerRow.HeaderFacts headerFacts(LedgerView view) {
        LedgerHeader h = view.header().header();
        LedgerCloseMeta m = view.meta();
        Long writeFee = null;
        Long sorobanState = null;
        if (m.discriminant() > 0) {
            LedgerCloseMetaExt ext = m.discriminant() == 1 ? m.v1().ext() : m.v2().ext();
            writeFee = ext.discriminant() == 1 ? ext.v1().sorobanFeeWrite1Kb() : null;
            sorobanState = m.discriminant() == 1 ? m.v1().totalByteSizeOfLiveSorobanState() : m.v2().totalByteSizeOfLiveSorobanState();
        }
        String node = null;
        byte[] signature = null;
        StellarValueExt sv = h.scpValue().ext();
        if (sv.discriminant() == StellarValueType.STELLAR_VALUE_SIGNED) {
            node = StrKey.encode(StrKey.Kind.ACCOUNT, sv.lcValueSignature().nodeId().ed25519());
            signature = sv.lcValueSignature().signature();
        }
        return new StellarLedgerRow.HeaderFacts(view.sequence() << 32, h.totalCoins(), h.feePool(),
                Integer.toUnsignedLong(h.maxTxSetSize()), writeFee, sorobanState, node, signature, h.toXdr());
    }
}
