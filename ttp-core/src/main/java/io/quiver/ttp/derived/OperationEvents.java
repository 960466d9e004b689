package io.quiver.ttp.derived;

import io.quiver.stellar.ledger.EntryChanges;
import io.quiver.stellar.ledger.MetaChanges;
import io.quiver.stellar.xdr.model.ClaimableBalanceEntry;
import io.quiver.stellar.xdr.model.ClaimableBalanceId;
import io.quiver.stellar.xdr.model.ContractEvent;
import io.quiver.stellar.xdr.model.LedgerEntryChange;
import io.quiver.stellar.xdr.model.LedgerEntryType;
import io.quiver.stellar.xdr.model.MuxedAccount;
import io.quiver.stellar.xdr.model.Operation;
import io.quiver.stellar.xdr.model.OperationResult;
import io.quiver.stellar.xdr.model.OperationResultTr;
import io.quiver.ttp.TtpException;
import io.quiver.ttp.contract.ContractEventParser;
import io.quiver.ttp.contract.ContractTokenEvent;
import io.quiver.ttp.model.Asset;
import io.quiver.ttp.model.EventType;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.stellar.Addresses;
import io.quiver.ttp.stellar.Assets;
import java.util.List;

/**
 * The events of one successful operation in the derived mode, per the operations table of the
 * TTP reference (section 6): what moved, read from the operation, its result and its ledger-entry
 * changes; an InvokeHostFunction reports its own contract events.
 */
final class OperationEvents {

    private final ContractEventParser parser;

    OperationEvents(ContractEventParser parser) {
        this.parser = parser;
    }

    /** Adds the events of operation {@code op} (1-based) to {@code out}. */
    void add(TxContext c, int op, Operation operation, OperationResult result, List<TokenTransferEvent> out) {
        MuxedAccount sourceMuxed = c.sourceOf(operation);
        String source = Addresses.account(sourceMuxed);
        OperationResultTr tr = result.tr();
        var body = operation.body();
        switch (body.discriminant()) {
            case CREATE_ACCOUNT -> {
                var o = body.createAccountOp();
                out.add(c.classic(op, EventType.TRANSFER, source, Addresses.account(o.destination()), Asset.NATIVE, o.startingBalance(),
                        c.memoMuxedInfo()));
            }
            case PAYMENT -> {
                var o = body.paymentOp();
                out.add(c.issuerRule(op, source, Addresses.account(o.destination()), Assets.of(o.asset()), o.amount(),
                        c.muxedInfo(o.destination())));
            }
            case ACCOUNT_MERGE -> {
                var r = tr.accountMergeResult();
                if (r.discriminant() == io.quiver.stellar.xdr.model.AccountMergeResultCode.ACCOUNT_MERGE_SUCCESS) {
                    out.add(c.classic(op, EventType.TRANSFER, source, Addresses.account(body.destination()), Asset.NATIVE,
                            r.sourceAccountBalance(), c.muxedInfo(body.destination())));
                }
            }
            case PATH_PAYMENT_STRICT_SEND -> {
                var o = body.pathPaymentStrictSendOp();
                var s = tr.pathPaymentStrictSendResult().success();
                ClaimAtomEvents.add(c, op, source, s.offers(), out);
                out.add(c.issuerRule(op, source, Addresses.account(o.destination()), Assets.of(o.destAsset()), s.last().amount(),
                        c.muxedInfo(o.destination())));
            }
            case PATH_PAYMENT_STRICT_RECEIVE -> {
                var o = body.pathPaymentStrictReceiveOp();
                ClaimAtomEvents.add(c, op, source, tr.pathPaymentStrictReceiveResult().success().offers(), out);
                out.add(c.issuerRule(op, source, Addresses.account(o.destination()), Assets.of(o.destAsset()), o.destAmount(),
                        c.muxedInfo(o.destination())));
            }
            case MANAGE_SELL_OFFER -> ClaimAtomEvents.add(c, op, source, tr.manageSellOfferResult().success().offersClaimed(), out);
            case CREATE_PASSIVE_SELL_OFFER ->
                ClaimAtomEvents.add(c, op, source, tr.createPassiveSellOfferResult().success().offersClaimed(), out);
            case MANAGE_BUY_OFFER -> ClaimAtomEvents.add(c, op, source, tr.manageBuyOfferResult().success().offersClaimed(), out);
            case CREATE_CLAIMABLE_BALANCE -> {
                var o = body.createClaimableBalanceOp();
                String balance = Addresses.claimableBalance(tr.createClaimableBalanceResult().balanceId());
                out.add(c.issuerRule(op, source, balance, Assets.of(o.asset()), o.amount(), null));
            }
            case CLAIM_CLAIMABLE_BALANCE -> {
                ClaimableBalanceId id = body.claimClaimableBalanceOp().balanceId();
                ClaimableBalanceEntry cb = removedBalance(c, op, id);
                out.add(c.issuerRule(op, Addresses.claimableBalance(id), source, Assets.of(cb.asset()), cb.amount(), c.muxedInfo(sourceMuxed)));
            }
            case CLAWBACK -> {
                var o = body.clawbackOp();
                out.add(c.classic(op, EventType.CLAWBACK, Addresses.account(o.from()), null, Assets.of(o.asset()), o.amount(), null));
            }
            case CLAWBACK_CLAIMABLE_BALANCE -> {
                ClaimableBalanceId id = body.clawbackClaimableBalanceOp().balanceId();
                ClaimableBalanceEntry cb = removedBalance(c, op, id);
                out.add(c.classic(op, EventType.CLAWBACK, Addresses.claimableBalance(id), null, Assets.of(cb.asset()), cb.amount(), null));
            }
            case ALLOW_TRUST, SET_TRUST_LINE_FLAGS -> PoolEvents.revocation(c, op, changes(c, op), out);
            case LIQUIDITY_POOL_DEPOSIT -> PoolEvents.deposit(c, op, source, body.liquidityPoolDepositOp().liquidityPoolId(), changes(c, op), out);
            case LIQUIDITY_POOL_WITHDRAW ->
                PoolEvents.withdraw(c, op, sourceMuxed, body.liquidityPoolWithdrawOp().liquidityPoolId(), changes(c, op), out);
            case INFLATION -> {
                for (var payout : tr.inflationResult().payouts()) {
                    out.add(c.classic(op, EventType.MINT, null, Addresses.account(payout.destination()), Asset.NATIVE, payout.amount(), null));
                }
            }
            case INVOKE_HOST_FUNCTION -> {
                boolean cap67 = c.tx.processing().meta().discriminant() == 4;
                for (ContractEvent ce : MetaChanges.operationEvents(c.tx.processing().meta(), op - 1)) {
                    ContractTokenEvent e = parser.parse(ce, cap67);
                    if (e != null && e.type() != EventType.FEE) {
                        out.add(c.event(op, e.contract(), e.type(), e.from(), e.to(), e.asset(), e.amount(), e.toMuxedInfo()));
                    }
                }
            }
            default -> { }
        }
    }

    static List<EntryChanges.Change> changes(TxContext c, int op) {
        List<LedgerEntryChange> raw = MetaChanges.operation(c.tx.processing().meta(), op - 1);
        return EntryChanges.of(raw);
    }

    /** The claimable balance an operation consumed, as it was before (its asset and amount). */
    private static ClaimableBalanceEntry removedBalance(TxContext c, int op, ClaimableBalanceId id) {
        for (EntryChanges.Change ch : changes(c, op)) {
            if (ch.key().discriminant() == LedgerEntryType.CLAIMABLE_BALANCE && ch.post() == null && ch.pre() != null
                    && ch.key().claimableBalance().balanceId().equals(id)) {
                return ch.pre().data().claimableBalance();
            }
        }
        throw new TtpException(c.where() + " operation " + op
                + ": claimable balance " + Addresses.claimableBalance(id) + " is not removed in the operation's changes");
    }
}
