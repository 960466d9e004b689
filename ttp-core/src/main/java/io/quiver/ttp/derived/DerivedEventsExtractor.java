package io.quiver.ttp.derived;

import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.Envelopes;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.MetaChanges;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.stellar.xdr.model.Operation;
import io.quiver.stellar.xdr.model.OperationResult;
import io.quiver.stellar.xdr.model.OperationType;
import io.quiver.ttp.TtpException;
import io.quiver.ttp.contract.ContractEventParser;
import io.quiver.ttp.model.Asset;
import io.quiver.ttp.model.EventType;
import io.quiver.ttp.model.LedgerEventOrder;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.stellar.Addresses;
import io.quiver.ttp.stellar.Assets;
import io.quiver.ttp.stellar.BalanceChanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The derived mode (stellar/go's default): events derived from operations, their results and the
 * ledger-entry changes, for ledgers of any protocol. Fees come from the fee processing (a Soroban
 * transaction's refund from the changes after it); operation events only for successful
 * transactions ({@link OperationEvents}); before protocol 8 each operation's XLM is reconciled
 * ({@link XlmReconciliation}). Events come in {@link LedgerEventOrder}.
 */
public final class DerivedEventsExtractor {

    private final byte[] networkId;
    private final Assets assets;
    private final OperationEvents operations;

    public DerivedEventsExtractor(String passphrase) {
        this.networkId = NetworkIds.networkId(passphrase);
        this.assets = new Assets(passphrase);
        this.operations = new OperationEvents(new ContractEventParser(passphrase));
    }

    public List<TokenTransferEvent> extract(LedgerCloseMeta meta) {
        LedgerView view = new LedgerView(meta);
        return extract(view, LedgerTransactions.of(view, networkId));
    }

    /** The events of {@code view} whose transactions are already matched (hashed once for several consumers). */
    public List<TokenTransferEvent> extract(LedgerView view, List<LedgerTransactions.Applied> transactions) {
        Instant closedAt = Instant.ofEpochSecond(view.closeTime());
        int protocol = view.protocolVersion();
        LedgerEventOrder order = new LedgerEventOrder();
        for (LedgerTransactions.Applied tx : transactions) {
            TxContext c = new TxContext(view.sequence(), closedAt, protocol, tx, assets);
            List<TokenTransferEvent> refunds = new ArrayList<>();
            fees(c, order, refunds);
            List<TokenTransferEvent> ops = new ArrayList<>();
            if (tx.processing().succeeded()) {
                operationEvents(c, ops);
            }
            order.transaction(ops, refunds);
        }
        return order.inOrder(protocol);
    }

    /**
     * A classic transaction's fee is what its result says was charged; a Soroban transaction's
     * charge is the fee account's drop in the fee processing and its refund the rise after it
     * (in txChangesAfter before protocol 23, in the post-apply fee processing from 23).
     */
    private void fees(TxContext c, LedgerEventOrder order, List<TokenTransferEvent> refunds) {
        var p = c.tx.processing();
        byte[] feeKey = Addresses.ed25519(Envelopes.feeAccount(c.tx.envelope()));
        String feeAccount = Addresses.account(feeKey);
        if (Envelopes.isSoroban(c.tx.envelope())) {
            long charged = -BalanceChanges.accountDelta(p.feeChanges(), feeKey);
            order.fee(c.classic(null, EventType.FEE, feeAccount, null, Asset.NATIVE, charged, null));
            long refund = BalanceChanges.accountDelta(MetaChanges.after(p.meta()), feeKey)
                    + BalanceChanges.accountDelta(p.postApplyFeeChanges(), feeKey);
            if (refund > 0) {
                refunds.add(c.classic(null, EventType.FEE, feeAccount, null, Asset.NATIVE, -refund, null));
            }
        } else {
            order.fee(c.classic(null, EventType.FEE, feeAccount, null, Asset.NATIVE, p.result().result().feeCharged(), null));
        }
    }

    private void operationEvents(TxContext c, List<TokenTransferEvent> out) {
        List<Operation> ops = Envelopes.operations(c.tx.envelope());
        List<OperationResult> results = c.tx.processing().operationResults();
        if (results.size() != ops.size()) {
            throw new TtpException(c.where() + ": " + ops.size()
                    + " operations but " + results.size() + " operation results");
        }
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            List<TokenTransferEvent> opEvents = new ArrayList<>();
            try {
                operations.add(c, i + 1, op, results.get(i), opEvents);
            } catch (TtpException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new TtpException(c.where() + " operation "
                        + (i + 1) + " (" + op.body().discriminant() + "): " + e.getMessage());
            }
            if (c.protocolVersion < XlmReconciliation.FIXED_IN_PROTOCOL && op.body().discriminant() != OperationType.INVOKE_HOST_FUNCTION) {
                XlmReconciliation.apply(c, i + 1, c.sourceOf(op), opEvents);
            }
            out.addAll(opEvents);
        }
    }
}
