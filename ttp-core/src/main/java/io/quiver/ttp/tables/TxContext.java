package io.quiver.ttp.tables;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.quiver.stellar.StrKey;
import io.quiver.stellar.ledger.Envelopes;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.xdr.model.CryptoKeyType;
import io.quiver.stellar.xdr.model.MuxedAccount;
import io.quiver.stellar.xdr.model.OperationResult;
import io.quiver.stellar.xdr.model.OperationResultCode;
import io.quiver.stellar.xdr.model.SorobanTransactionMetaExt;
import io.quiver.stellar.xdr.model.TransactionMeta;
import io.quiver.ttp.stellar.Addresses;

/**
 * What every row of one transaction shares: its ids, ledger, source and outcome, computed once for
 * the transaction row, its operation rows and its invocation rows. Also the naming rules all three
 * tables follow.
 */
final class TxContext {

    final long ledger;
    final Instant closedAt;
    /** 1-based application order. */
    final int index;
    final long id;
    final LedgerTransactions.Applied tx;
    final String account;
    final String accountMuxed;
    final boolean successful;
    final long feeCharged;
    /** SorobanTransactionMetaExt v1's three charges, or null when the meta has none. */
    final long[] resourceCharges;

    TxContext(long ledger, Instant closedAt, LedgerTransactions.Applied tx) {
        this.ledger = ledger;
        this.closedAt = closedAt;
        this.index = tx.index() + 1;
        this.id = Toid.transaction(ledger, index);
        this.tx = tx;
        MuxedAccount source = Envelopes.sourceAccount(tx.envelope());
        this.account = Addresses.account(source);
        this.accountMuxed = muxed(source);
        this.successful = tx.processing().succeeded();
        this.feeCharged = tx.processing().result().result().feeCharged();
        this.resourceCharges = resourceCharges(tx.processing().meta());
    }

    /** The M... address of a muxed account, else null. */
    static String muxed(MuxedAccount a) {
        if (a.discriminant() != CryptoKeyType.KEY_TYPE_MUXED_ED25519) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(40).put(a.med25519().ed25519()).putLong(a.med25519().id());
        return StrKey.encode(StrKey.Kind.MUXED_ACCOUNT, b.array());
    }

    /** The operation results in order; empty when the transaction did not run its operations. */
    List<OperationResult> operationResults() {
        return tx.processing().operationResults();
    }

    private static long[] resourceCharges(TransactionMeta meta) {
        SorobanTransactionMetaExt ext = switch (meta.discriminant()) {
            case 3 -> meta.v3().sorobanMeta() == null ? null : meta.v3().sorobanMeta().ext();
            case 4 -> meta.v4().sorobanMeta() == null ? null : meta.v4().sorobanMeta().ext();
            default -> null;
        };
        if (ext == null || ext.discriminant() != 1) {
            return null;
        }
        return new long[] {ext.v1().totalNonRefundableResourceFeeCharged(), ext.v1().totalRefundableResourceFeeCharged(),
                ext.v1().rentFeeCharged()};
    }

    // --- names, as the schemas document them

    /** {@code TX_FEE_BUMP_INNER_SUCCESS} -> {@code txFEE_BUMP_INNER_SUCCESS}: the name in Stellar's XDR definitions. */
    static String xdrName(Enum<?> code, String prefix) {
        String n = code.name();
        String upper = prefix.toUpperCase(Locale.ROOT) + "_";
        return n.startsWith(upper) ? prefix + n.substring(upper.length()) : n;
    }

    private static final String[] OPERATION_RESULT_CODES = java.util.Arrays.stream(OperationResultCode.values())
            .map(c -> xdrName(c, "op")).toArray(String[]::new);

    static String operationResultCode(OperationResult r) {
        return OPERATION_RESULT_CODES[r.discriminant().ordinal()];
    }

    private static final Map<Class<?>, java.lang.reflect.Method> DISCRIMINANTS = new ConcurrentHashMap<>();

    /**
     * The operation's own result code (PAYMENT_SUCCESS, ...) under opINNER, else null. Every
     * per-operation result union has a {@code discriminant()} enum; there is no common type to ask.
     */
    static String operationTraceCode(OperationResult r) {
        if (r.discriminant() != OperationResultCode.OP_INNER) {
            return null;
        }
        Object inner = r.tr().value();
        if (inner == null) {
            return null;
        }
        try {
            java.lang.reflect.Method m = DISCRIMINANTS.computeIfAbsent(inner.getClass(), c -> {
                try {
                    return c.getMethod("discriminant");
                } catch (NoSuchMethodException e) {
                    throw new IllegalStateException(c.getSimpleName() + " has no discriminant()", e);
                }
            });
            return ((Enum<?>) m.invoke(inner)).name();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("result code of " + inner.getClass().getSimpleName() + ": " + e, e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
