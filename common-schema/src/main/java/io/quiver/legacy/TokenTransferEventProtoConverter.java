package io.quiver.legacy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.quiver.legacy.proto.asset.Asset;
import io.quiver.legacy.proto.asset.IssuedAsset;
import io.quiver.legacy.proto.tokentransfer.Burn;
import io.quiver.legacy.proto.tokentransfer.Clawback;
import io.quiver.legacy.proto.tokentransfer.EventMeta;
import io.quiver.legacy.proto.tokentransfer.Fee;
import io.quiver.legacy.proto.tokentransfer.Mint;
import io.quiver.legacy.proto.tokentransfer.MuxedInfo;
import io.quiver.legacy.proto.tokentransfer.TokenTransferEvent;
import io.quiver.legacy.proto.tokentransfer.Transfer;
import io.quiver.schema.rows.TokenTransferEventRow;

/**
 * Converts between Arrow {@code TokenTransferEvent} rows and stellar/go's protobuf
 * {@code token_transfer.TokenTransferEvent}, for the legacy gRPC service and row-mode topics.
 * The protobuf has no event index; {@link #fromProto} takes it from the caller (the event's
 * position in its ledger).
 */
public final class TokenTransferEventProtoConverter {

    private static final HexFormat HEX = HexFormat.of();

    private TokenTransferEventProtoConverter() {
    }

    public static TokenTransferEvent toProto(TokenTransferEventRow row) {
        EventMeta.Builder meta = EventMeta.newBuilder()
                .setLedgerSequence((int) row.ledgerSequence())
                .setClosedAt(Timestamp.newBuilder().setSeconds(row.closedAt().getEpochSecond()).setNanos(row.closedAt().getNano()))
                .setTxHash(HEX.formatHex(row.txHash()))
                .setTransactionIndex((int) row.transactionIndex())
                .setContractAddress(row.contractAddress());
        if (row.operationIndex() != null) {
            meta.setOperationIndex((int) row.operationIndex().longValue());
        }
        if (row.toMuxedType() != null) {
            meta.setToMuxedInfo(muxed(row));
        }
        TokenTransferEvent.Builder b = TokenTransferEvent.newBuilder().setMeta(meta);
        Asset asset = asset(row);
        String amount = row.amount().toString();
        switch (row.eventType()) {
            case "transfer" -> {
                Transfer.Builder t = Transfer.newBuilder().setFrom(nz(row.from())).setTo(nz(row.to())).setAmount(amount);
                if (asset != null) {
                    t.setAsset(asset);
                }
                b.setTransfer(t);
            }
            case "mint" -> {
                Mint.Builder m = Mint.newBuilder().setTo(nz(row.to())).setAmount(amount);
                if (asset != null) {
                    m.setAsset(asset);
                }
                b.setMint(m);
            }
            case "burn" -> {
                Burn.Builder m = Burn.newBuilder().setFrom(nz(row.from())).setAmount(amount);
                if (asset != null) {
                    m.setAsset(asset);
                }
                b.setBurn(m);
            }
            case "clawback" -> {
                Clawback.Builder m = Clawback.newBuilder().setFrom(nz(row.from())).setAmount(amount);
                if (asset != null) {
                    m.setAsset(asset);
                }
                b.setClawback(m);
            }
            case "fee" -> {
                Fee.Builder m = Fee.newBuilder().setFrom(nz(row.from())).setAmount(amount);
                if (asset != null) {
                    m.setAsset(asset);
                }
                b.setFee(m);
            }
            default -> throw new IllegalArgumentException("event " + row.eventId() + " has unknown event_type '" + row.eventType() + "'");
        }
        return b.build();
    }

    public static TokenTransferEventRow fromProto(TokenTransferEvent e, long eventIndex) {
        EventMeta m = e.getMeta();
        String type;
        String from = null;
        String to = null;
        Asset asset;
        String amount;
        switch (e.getEventCase()) {
            case TRANSFER -> {
                type = "transfer";
                from = e.getTransfer().getFrom();
                to = e.getTransfer().getTo();
                asset = e.getTransfer().hasAsset() ? e.getTransfer().getAsset() : null;
                amount = e.getTransfer().getAmount();
            }
            case MINT -> {
                type = "mint";
                to = e.getMint().getTo();
                asset = e.getMint().hasAsset() ? e.getMint().getAsset() : null;
                amount = e.getMint().getAmount();
            }
            case BURN -> {
                type = "burn";
                from = e.getBurn().getFrom();
                asset = e.getBurn().hasAsset() ? e.getBurn().getAsset() : null;
                amount = e.getBurn().getAmount();
            }
            case CLAWBACK -> {
                type = "clawback";
                from = e.getClawback().getFrom();
                asset = e.getClawback().hasAsset() ? e.getClawback().getAsset() : null;
                amount = e.getClawback().getAmount();
            }
            case FEE -> {
                type = "fee";
                from = e.getFee().getFrom();
                asset = e.getFee().hasAsset() ? e.getFee().getAsset() : null;
                amount = e.getFee().getAmount();
            }
            default -> throw new IllegalArgumentException("TokenTransferEvent of ledger " + Integer.toUnsignedLong(m.getLedgerSequence())
                    + " has no event set");
        }
        String assetType = null;
        String code = null;
        String issuer = null;
        if (asset != null) {
            if (asset.getAssetTypeCase() == Asset.AssetTypeCase.NATIVE) {
                assetType = "native";
            } else if (asset.getAssetTypeCase() == Asset.AssetTypeCase.ISSUED_ASSET) {
                assetType = "issued";
                code = asset.getIssuedAsset().getAssetCode();
                issuer = asset.getIssuedAsset().getIssuer();
            }
        }
        String muxType = null;
        String muxText = null;
        Long muxId = null;
        byte[] muxHash = null;
        if (m.hasToMuxedInfo()) {
            MuxedInfo mi = m.getToMuxedInfo();
            switch (mi.getContentCase()) {
                case TEXT -> {
                    muxType = "text";
                    muxText = mi.getText();
                }
                case ID -> {
                    muxType = "id";
                    muxId = mi.getId();
                }
                case HASH -> {
                    muxType = "hash";
                    muxHash = mi.getHash().toByteArray();
                }
                default -> {
                }
            }
        }
        BigInteger value;
        try {
            value = new BigInteger(amount);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("TokenTransferEvent of tx " + m.getTxHash() + ": amount '" + amount + "' is not an integer");
        }
        return new TokenTransferEventRow(
                Integer.toUnsignedLong(m.getLedgerSequence()),
                Instant.ofEpochSecond(m.getClosedAt().getSeconds(), m.getClosedAt().getNanos()),
                HEX.parseHex(m.getTxHash()),
                Integer.toUnsignedLong(m.getTransactionIndex()),
                m.hasOperationIndex() ? Integer.toUnsignedLong(m.getOperationIndex()) : null,
                eventIndex, type, m.getContractAddress(), emptyToNull(from), emptyToNull(to),
                assetType, code, issuer, value, muxType, muxText, muxId, muxHash);
    }

    private static MuxedInfo muxed(TokenTransferEventRow row) {
        return switch (row.toMuxedType()) {
            case "text" -> MuxedInfo.newBuilder().setText(nz(row.toMuxedText())).build();
            case "id" -> MuxedInfo.newBuilder().setId(row.toMuxedId() == null ? 0 : row.toMuxedId()).build();
            case "hash" -> MuxedInfo.newBuilder().setHash(ByteString.copyFrom(row.toMuxedHash() == null ? new byte[0] : row.toMuxedHash())).build();
            default -> throw new IllegalArgumentException("event " + row.eventId() + " has unknown to_muxed_type '" + row.toMuxedType() + "'");
        };
    }

    private static Asset asset(TokenTransferEventRow row) {
        if (row.assetType() == null) {
            return null;
        }
        if (row.assetType().equals("native")) {
            return Asset.newBuilder().setNative(true).build();
        }
        return Asset.newBuilder().setIssuedAsset(IssuedAsset.newBuilder()
                .setAssetCode(nz(row.assetCode())).setIssuer(nz(row.assetIssuer()))).build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
