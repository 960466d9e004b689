package io.quiver.ttp.derived;

import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.Envelopes;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.stellar.xdr.model.LedgerEntryChange;
import io.quiver.stellar.xdr.model.Memo;
import io.quiver.stellar.xdr.model.MuxedAccount;
import io.quiver.stellar.xdr.model.Operation;
import io.quiver.stellar.xdr.model.TransactionEnvelope;
import io.quiver.stellar.xdr.model.TransactionMeta;
import io.quiver.ttp.model.Asset;
import io.quiver.ttp.model.EventMeta;
import io.quiver.ttp.model.EventType;
import io.quiver.ttp.model.LedgerEventOrder;
import io.quiver.ttp.model.MuxedInfo;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.stellar.Addresses;
import io.quiver.ttp.stellar.Assets;
import io.quiver.ttp.stellar.BalanceChanges;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The derived mode (stellar/go's default): events derived from operations, their results and the
 * ledger-entry changes. Work in progress: fees and refunds, CreateAccount and Payment are derived;
 * the other operations of the reference table are not yet (they yield no events here).
 */
public final class DerivedEventsExtractor {

    private final byte[] networkId;
    private final Assets assets;
    private final String nativeSac;

    public DerivedEventsExtractor(String passphrase) {
        this.networkId = NetworkIds.networkId(passphrase);
        this.assets = new Assets(passphrase);
        this.nativeSac = NetworkIds.nativeAssetContract(passphrase);
    }

    public List<TokenTransferEvent> extract(LedgerCloseMeta meta) {
        LedgerView view = new LedgerView(meta);
        long sequence = view.sequence();
        Instant closedAt = Instant.ofEpochSecond(view.closeTime());
        LedgerEventOrder order = new LedgerEventOrder();
        for (LedgerTransactions.Applied tx : LedgerTransactions.of(view, networkId)) {
            Context c = new Context(sequence, closedAt, HexFormat.of().formatHex(tx.hash()), tx.index() + 1, tx.envelope());
            String feeAccount = Addresses.account(Envelopes.feeAccount(tx.envelope()));
            List<TokenTransferEvent> txRefunds = new ArrayList<>();
            if (Envelopes.isSoroban(tx.envelope())) {
                long charged = -BalanceChanges.accountDelta(tx.processing().feeChanges(), feeAccount);
                order.fee(c.event(null, nativeSac, EventType.FEE, feeAccount, null, Asset.NATIVE, BigInteger.valueOf(charged), null));
                long refund = BalanceChanges.accountDelta(changesAfter(tx.processing().meta()), feeAccount)
                        + BalanceChanges.accountDelta(tx.processing().postApplyFeeChanges(), feeAccount);
                if (refund > 0) {
                    txRefunds.add(c.event(null, nativeSac, EventType.FEE, feeAccount, null, Asset.NATIVE, BigInteger.valueOf(-refund), null));
                }
            } else {
                long charged = tx.processing().result().result().feeCharged();
                order.fee(c.event(null, nativeSac, EventType.FEE, feeAccount, null, Asset.NATIVE, BigInteger.valueOf(charged), null));
            }
            List<TokenTransferEvent> ops = new ArrayList<>();
            if (tx.processing().succeeded()) {
                List<Operation> opList = Envelopes.operations(tx.envelope());
                for (int i = 0; i < opList.size(); i++) {
                    operationEvents(c, i + 1, opList.get(i), ops);
                }
            }
            order.transaction(ops, txRefunds);
        }
        return order.inOrder(view.protocolVersion());
    }

    private void operationEvents(Context c, int index, Operation op, List<TokenTransferEvent> out) {
        String source = op.sourceAccount() != null ? Addresses.account(op.sourceAccount()) : c.txSource;
        switch (op.body().discriminant()) {
            case CREATE_ACCOUNT -> {
                var o = op.body().createAccountOp();
                String to = Addresses.account(o.destination());
                out.add(c.event(index, nativeSac, EventType.TRANSFER, source, to, Asset.NATIVE, BigInteger.valueOf(o.startingBalance()),
                        c.memoMuxedInfo()));
            }
            case PAYMENT -> {
                var o = op.body().paymentOp();
                Asset asset = Assets.of(o.asset());
                String to = Addresses.account(o.destination());
                out.add(issuerRule(c, index, source, to, asset, BigInteger.valueOf(o.amount()), c.muxedInfo(o.destination())));
            }
            default -> { }
        }
    }

    /** stellar/go's mintOrBurnOrTransferEvent. */
    private TokenTransferEvent issuerRule(Context c, int index, String from, String to, Asset asset, BigInteger amount, MuxedInfo muxed) {
        String sac = assets.contractId(asset);
        if (!asset.isNative()) {
            boolean fromIssuer = from.equals(asset.issuer());
            boolean toIssuer = to.equals(asset.issuer());
            if (fromIssuer && !toIssuer) {
                return c.event(index, sac, EventType.MINT, null, to, asset, amount, muxed);
            }
            if (toIssuer && !fromIssuer) {
                return c.event(index, sac, EventType.BURN, from, null, asset, amount, null);
            }
        }
        return c.event(index, sac, EventType.TRANSFER, from, to, asset, amount, muxed);
    }

    private static List<LedgerEntryChange> changesAfter(TransactionMeta m) {
        return switch (m.discriminant()) {
            case 2 -> m.v2().txChangesAfter();
            case 3 -> m.v3().txChangesAfter();
            case 4 -> m.v4().txChangesAfter();
            default -> List.of();
        };
    }

    /** What every event of one transaction shares. */
    private static final class Context {
        final long sequence;
        final Instant closedAt;
        final String hash;
        final int index;
        final String txSource;
        final Memo memo;

        Context(long sequence, Instant closedAt, String hash, int index, TransactionEnvelope envelope) {
            this.sequence = sequence;
            this.closedAt = closedAt;
            this.hash = hash;
            this.index = index;
            this.txSource = Addresses.account(Envelopes.sourceAccount(envelope));
            this.memo = Envelopes.memo(envelope);
        }

        TokenTransferEvent event(Integer op, String contract, EventType type, String from, String to, Asset asset, BigInteger amount,
                MuxedInfo muxed) {
            return new TokenTransferEvent(new EventMeta(sequence, closedAt, hash, index, op, contract, muxed), type, from, to, asset, amount);
        }

        /** An M destination's id, else the transaction memo. */
        MuxedInfo muxedInfo(MuxedAccount destination) {
            if (destination.discriminant() == io.quiver.stellar.xdr.model.CryptoKeyType.KEY_TYPE_MUXED_ED25519) {
                return MuxedInfo.ofId(destination.med25519().id());
            }
            return memoMuxedInfo();
        }

        MuxedInfo memoMuxedInfo() {
            return switch (memo.discriminant()) {
                case MEMO_ID -> MuxedInfo.ofId(memo.id());
                case MEMO_TEXT -> MuxedInfo.ofText(new String(memo.text(), StandardCharsets.UTF_8));
                case MEMO_HASH -> MuxedInfo.ofHash(memo.hash());
                case MEMO_RETURN -> MuxedInfo.ofHash(memo.retHash());
                default -> null;
            };
        }
    }
}
