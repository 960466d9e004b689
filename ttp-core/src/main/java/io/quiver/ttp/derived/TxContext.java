package io.quiver.ttp.derived;

import io.quiver.stellar.ledger.Envelopes;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.xdr.model.CryptoKeyType;
import io.quiver.stellar.xdr.model.Memo;
import io.quiver.stellar.xdr.model.MuxedAccount;
import io.quiver.stellar.xdr.model.Operation;
import io.quiver.ttp.model.Asset;
import io.quiver.ttp.model.EventMeta;
import io.quiver.ttp.model.EventType;
import io.quiver.ttp.model.MuxedInfo;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.stellar.Addresses;
import io.quiver.ttp.stellar.Assets;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/** One transaction being turned into events: what every event of it shares, and the event factories. */
final class TxContext {

    final LedgerTransactions.Applied tx;
    final int protocolVersion;
    final MuxedAccount txSourceMuxed;
    final String txSource;
    private final long sequence;
    private final Instant closedAt;
    private final String hash;
    private final int index;
    private final Memo memo;
    private final Assets assets;

    TxContext(long sequence, Instant closedAt, int protocolVersion, LedgerTransactions.Applied tx, Assets assets) {
        this.tx = tx;
        this.protocolVersion = protocolVersion;
        this.sequence = sequence;
        this.closedAt = closedAt;
        this.hash = HexFormat.of().formatHex(tx.hash());
        this.index = tx.index() + 1;
        this.txSourceMuxed = Envelopes.sourceAccount(tx.envelope());
        this.txSource = Addresses.account(txSourceMuxed);
        this.memo = Envelopes.memo(tx.envelope());
        this.assets = assets;
    }

    /** "ledger N transaction HASH (index I)": how errors name this transaction. */
    String where() {
        return "ledger " + sequence + " transaction " + hash + " (index " + index + ")";
    }

    /** The operation's source, else the transaction's. */
    MuxedAccount sourceOf(Operation op) {
        return op.sourceAccount() != null ? op.sourceAccount() : txSourceMuxed;
    }

    TokenTransferEvent event(Integer op, String contract, EventType type, String from, String to, Asset asset, BigInteger amount,
            MuxedInfo muxed) {
        return new TokenTransferEvent(new EventMeta(sequence, closedAt, hash, index, op, contract, muxed), type, from, to, asset, amount);
    }

    /** A classic event: its contract is the asset's Stellar Asset Contract. */
    TokenTransferEvent classic(Integer op, EventType type, String from, String to, Asset asset, long amount, MuxedInfo muxed) {
        return event(op, assets.contractId(asset), type, from, to, asset, BigInteger.valueOf(amount), muxed);
    }

    /**
     * stellar/go's mintOrBurnOrTransferEvent: for an issued asset, a movement out of the issuer is a
     * mint and one into it a burn (issuer to itself stays a transfer); XLM always transfers. Muxed
     * info only goes with an event that has an account receiving.
     */
    TokenTransferEvent issuerRule(int op, String from, String to, Asset asset, long amount, MuxedInfo muxed) {
        if (!asset.isNative()) {
            boolean fromIssuer = from.equals(asset.issuer());
            boolean toIssuer = to.equals(asset.issuer());
            if (fromIssuer && !toIssuer) {
                return classic(op, EventType.MINT, null, to, asset, amount, muxed);
            }
            if (toIssuer && !fromIssuer) {
                return classic(op, EventType.BURN, from, null, asset, amount, null);
            }
        }
        return classic(op, EventType.TRANSFER, from, to, asset, amount, muxed);
    }

    /** An M destination's id, else the transaction memo. */
    MuxedInfo muxedInfo(MuxedAccount destination) {
        if (destination.discriminant() == CryptoKeyType.KEY_TYPE_MUXED_ED25519) {
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
