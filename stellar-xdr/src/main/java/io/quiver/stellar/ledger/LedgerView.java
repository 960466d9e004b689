package io.quiver.stellar.ledger;

import io.quiver.stellar.xdr.model.GeneralizedTransactionSet;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.stellar.xdr.model.LedgerHeaderHistoryEntry;
import io.quiver.stellar.xdr.model.TransactionEnvelope;
import io.quiver.stellar.xdr.model.TransactionMeta;
import io.quiver.stellar.xdr.model.TransactionPhase;
import io.quiver.stellar.xdr.model.TransactionResultMeta;
import io.quiver.stellar.xdr.model.TransactionResultMetaV1;
import io.quiver.stellar.xdr.model.TransactionResultCode;
import io.quiver.stellar.xdr.model.TransactionResultPair;
import io.quiver.stellar.xdr.model.LedgerEntryChange;
import io.quiver.stellar.xdr.model.TxSetComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a {@code LedgerCloseMeta} that every consumer needs, the same whatever its version:
 * the header, the transaction envelopes of the set, and the per-transaction processing in apply
 * order (v0 and v1 use {@code TransactionResultMeta}, v2 {@code TransactionResultMetaV1}).
 */
public final class LedgerView {

    /** One transaction's processing, in apply order. {@code postApplyFeeChanges} is empty before v2. */
    public record Processing(TransactionResultPair result, List<LedgerEntryChange> feeChanges, TransactionMeta meta,
            List<LedgerEntryChange> postApplyFeeChanges) {

        /** Success, or a fee bump whose inner transaction succeeded. */
        public boolean succeeded() {
            TransactionResultCode code = result.result().result().discriminant();
            return code == TransactionResultCode.TX_SUCCESS || code == TransactionResultCode.TX_FEE_BUMP_INNER_SUCCESS;
        }

        /** The operation results (the inner transaction's for a fee bump); empty when the transaction did not run. */
        public List<io.quiver.stellar.xdr.model.OperationResult> operationResults() {
            var r = result.result().result();
            return switch (r.discriminant()) {
                case TX_SUCCESS, TX_FAILED -> r.results();
                case TX_FEE_BUMP_INNER_SUCCESS, TX_FEE_BUMP_INNER_FAILED -> {
                    var inner = r.innerResultPair().result().result();
                    yield inner.discriminant() == TransactionResultCode.TX_SUCCESS
                            || inner.discriminant() == TransactionResultCode.TX_FAILED ? inner.results() : List.of();
                }
                default -> List.of();
            };
        }
    }

    private final LedgerCloseMeta meta;

    public LedgerView(LedgerCloseMeta meta) {
        this.meta = meta;
    }

    public LedgerCloseMeta meta() {
        return meta;
    }

    public int version() {
        return meta.discriminant();
    }

    public LedgerHeaderHistoryEntry header() {
        return switch (meta.discriminant()) {
            case 0 -> meta.v0().ledgerHeader();
            case 1 -> meta.v1().ledgerHeader();
            default -> meta.v2().ledgerHeader();
        };
    }

    public long sequence() {
        return Integer.toUnsignedLong(header().header().ledgerSeq());
    }

    public int protocolVersion() {
        return header().header().ledgerVersion();
    }

    /** Close time, seconds since the epoch. */
    public long closeTime() {
        return header().header().scpValue().closeTime();
    }

    /** The envelopes of the transaction set, in set order (hash order in v0, phase order after). */
    public List<TransactionEnvelope> envelopes() {
        if (meta.discriminant() == 0) {
            return meta.v0().txSet().txes();
        }
        GeneralizedTransactionSet set = meta.discriminant() == 1 ? meta.v1().txSet() : meta.v2().txSet();
        List<TransactionEnvelope> out = new ArrayList<>();
        for (TransactionPhase phase : set.v1TxSet().phases()) {
            if (phase.discriminant() == 0) {
                for (TxSetComponent c : phase.v0Components()) {
                    out.addAll(c.txsMaybeDiscountedFee().txes());
                }
            } else {
                for (List<List<TransactionEnvelope>> stage : phase.parallelTxsComponent().executionStages()) {
                    for (List<TransactionEnvelope> cluster : stage) {
                        out.addAll(cluster);
                    }
                }
            }
        }
        return out;
    }

    /** Per-transaction processing in apply order. */
    public List<Processing> processing() {
        List<Processing> out = new ArrayList<>();
        switch (meta.discriminant()) {
            case 0 -> meta.v0().txProcessing().forEach(p -> out.add(of(p)));
            case 1 -> meta.v1().txProcessing().forEach(p -> out.add(of(p)));
            default -> {
                for (TransactionResultMetaV1 p : meta.v2().txProcessing()) {
                    out.add(new Processing(p.result(), p.feeProcessing(), p.txApplyProcessing(), p.postTxApplyFeeProcessing()));
                }
            }
        }
        return out;
    }

    public int transactionCount() {
        return switch (meta.discriminant()) {
            case 0 -> meta.v0().txProcessing().size();
            case 1 -> meta.v1().txProcessing().size();
            default -> meta.v2().txProcessing().size();
        };
    }

    private static Processing of(TransactionResultMeta p) {
        return new Processing(p.result(), p.feeProcessing(), p.txApplyProcessing(), List.of());
    }
}
