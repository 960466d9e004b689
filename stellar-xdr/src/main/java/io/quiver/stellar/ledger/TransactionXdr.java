package io.quiver.stellar.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.quiver.stellar.xdr.XdrReader;
import io.quiver.stellar.xdr.model.ExtensionPoint;
import io.quiver.stellar.xdr.model.LedgerCloseMetaExt;
import io.quiver.stellar.xdr.model.LedgerEntryChange;
import io.quiver.stellar.xdr.model.LedgerHeaderHistoryEntry;
import io.quiver.stellar.xdr.model.TransactionEnvelope;
import io.quiver.stellar.xdr.model.TransactionMeta;
import io.quiver.stellar.xdr.model.TransactionResultPair;

/**
 * Where each transaction's parts lie in a ledger's {@code LedgerCloseMeta} bytes: the envelopes in
 * set order, and per transaction in apply order its result pair, fee changes and meta. Found by
 * skipping (no objects are built), so the raw XDR of a transaction is a copy of its bytes instead of
 * a re-encoding of the decoded model: re-encoding a Soroban transaction's meta cost more than
 * everything else the transactions table does.
 */
public final class TransactionXdr {

    private final byte[] lcm;
    /** Envelope ranges in set order: from, to. */
    private final int[] envelopes;
    /** Per apply-order transaction: result from/to, fee changes from/to, meta from/to. */
    private final int[] processing;

    private TransactionXdr(byte[] lcm, int[] envelopes, int[] processing) {
        this.lcm = lcm;
        this.envelopes = envelopes;
        this.processing = processing;
    }

    /** The ranges of {@code lcm} (the whole array is one {@code LedgerCloseMeta}). */
    public static TransactionXdr of(byte[] lcm) {
        XdrReader r = new XdrReader(lcm);
        int version = r.readInt("LedgerCloseMeta.v");
        List<Integer> env = new ArrayList<>();
        if (version > 0) {
            LedgerCloseMetaExt.skip(r);
        }
        LedgerHeaderHistoryEntry.skip(r);
        if (version == 0) {
            r.skip(32, "TransactionSet.previousLedgerHash");
            envelopes(r, env);
        } else {
            r.readInt("GeneralizedTransactionSet.v");
            r.skip(32, "TransactionSetV1.previousLedgerHash");
            int phases = r.readInt("TransactionSetV1.phases");
            for (int p = 0; p < phases; p++) {
                if (r.readInt("TransactionPhase.v") == 0) {
                    int components = r.readInt("TransactionPhase.v0Components");
                    for (int c = 0; c < components; c++) {
                        r.readInt("TxSetComponent.type");
                        baseFee(r);
                        envelopes(r, env);
                    }
                } else {
                    baseFee(r);
                    int stages = r.readInt("ParallelTxsComponent.executionStages");
                    for (int s = 0; s < stages; s++) {
                        int clusters = r.readInt("ParallelTxExecutionStage");
                        for (int c = 0; c < clusters; c++) {
                            envelopes(r, env);
                        }
                    }
                }
            }
        }
        int n = r.readInt("LedgerCloseMeta.txProcessing");
        int[] proc = new int[n * 6];
        for (int i = 0; i < n; i++) {
            if (version == 2) {
                ExtensionPoint.skip(r);
            }
            proc[i * 6] = r.position();
            TransactionResultPair.skip(r);
            proc[i * 6 + 1] = r.position();
            proc[i * 6 + 2] = r.position();
            changes(r);
            proc[i * 6 + 3] = r.position();
            proc[i * 6 + 4] = r.position();
            TransactionMeta.skip(r);
            proc[i * 6 + 5] = r.position();
            if (version == 2) {
                changes(r);
            }
        }
        int[] e = new int[env.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = env.get(i);
        }
        return new TransactionXdr(lcm, e, proc);
    }

    private static void baseFee(XdrReader r) {
        if (r.readInt("baseFee*") != 0) {
            r.readHyper("baseFee");
        }
    }

    private static void envelopes(XdrReader r, List<Integer> out) {
        int n = r.readInt("TransactionEnvelope<>");
        for (int i = 0; i < n; i++) {
            out.add(r.position());
            TransactionEnvelope.skip(r);
            out.add(r.position());
        }
    }

    private static void changes(XdrReader r) {
        int n = r.readInt("LedgerEntryChanges");
        for (int i = 0; i < n; i++) {
            LedgerEntryChange.skip(r);
        }
    }

    public int envelopeCount() {
        return envelopes.length / 2;
    }

    public int transactionCount() {
        return processing.length / 6;
    }

    /** The {@code TransactionEnvelope} at {@code setIndex} in set order. */
    public byte[] envelope(int setIndex) {
        return Arrays.copyOfRange(lcm, envelopes[setIndex * 2], envelopes[setIndex * 2 + 1]);
    }

    /** The {@code TransactionResultPair} of the transaction at {@code applyIndex} (0-based). */
    public byte[] result(int applyIndex) {
        return slice(applyIndex, 0);
    }

    /** Its fee processing, a {@code LedgerEntryChanges}. */
    public byte[] feeChanges(int applyIndex) {
        return slice(applyIndex, 2);
    }

    /** Its {@code TransactionMeta}. */
    public byte[] meta(int applyIndex) {
        return slice(applyIndex, 4);
    }

    private byte[] slice(int applyIndex, int part) {
        int at = applyIndex * 6 + part;
        return Arrays.copyOfRange(lcm, processing[at], processing[at + 1]);
    }
}
