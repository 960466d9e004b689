package io.quiver.stellar.ledger;

import io.quiver.stellar.xdr.model.Memo;
import io.quiver.stellar.xdr.model.MuxedAccount;
import io.quiver.stellar.xdr.model.Operation;
import io.quiver.stellar.xdr.model.SorobanTransactionData;
import io.quiver.stellar.xdr.model.Transaction;
import io.quiver.stellar.xdr.model.TransactionEnvelope;
import java.util.List;

/**
 * The parts of a transaction envelope that do not depend on its form: a v0 envelope, a v1 envelope,
 * or a fee bump wrapping a v1 transaction (whose operations, memo and source are the inner ones).
 */
public final class Envelopes {

    private Envelopes() {
    }

    /** The v1 transaction inside (a fee bump's inner one), or null for a v0 envelope. */
    public static Transaction v1(TransactionEnvelope e) {
        return switch (e.discriminant()) {
            case ENVELOPE_TYPE_TX_V0 -> null;
            case ENVELOPE_TYPE_TX -> e.v1().tx();
            default -> e.feeBump().tx().innerTx().v1().tx();
        };
    }

    public static List<Operation> operations(TransactionEnvelope e) {
        Transaction tx = v1(e);
        return tx == null ? e.v0().tx().operations() : tx.operations();
    }

    public static Memo memo(TransactionEnvelope e) {
        Transaction tx = v1(e);
        return tx == null ? e.v0().tx().memo() : tx.memo();
    }

    /** The transaction's source account (the inner transaction's for a fee bump). */
    public static MuxedAccount sourceAccount(TransactionEnvelope e) {
        Transaction tx = v1(e);
        return tx == null ? MuxedAccount.ed25519(e.v0().tx().sourceAccountEd25519()) : tx.sourceAccount();
    }

    /** The account that pays the fee: the fee-bump payer for a fee bump, else the source account. */
    public static MuxedAccount feeAccount(TransactionEnvelope e) {
        return e.discriminant() == io.quiver.stellar.xdr.model.EnvelopeType.ENVELOPE_TYPE_TX_FEE_BUMP
                ? e.feeBump().tx().feeSource() : sourceAccount(e);
    }

    /** The (inner) transaction's sequence number, part of the ids of the claimable balances it creates. */
    public static long sequenceNumber(TransactionEnvelope e) {
        Transaction tx = v1(e);
        return tx == null ? e.v0().tx().seqNum() : tx.seqNum();
    }

    /** Whether the transaction carries Soroban resources (Transaction.ext v1). */
    public static boolean isSoroban(TransactionEnvelope e) {
        return sorobanData(e) != null;
    }

    /** The transaction's Soroban resources and resource fee, or null for a classic transaction. */
    public static SorobanTransactionData sorobanData(TransactionEnvelope e) {
        Transaction tx = v1(e);
        return tx != null && tx.ext().discriminant() == 1 ? tx.ext().sorobanData() : null;
    }
}
