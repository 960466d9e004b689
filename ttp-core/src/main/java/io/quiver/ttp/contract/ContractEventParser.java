package io.quiver.ttp.contract;

import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.xdr.model.ContractEvent;
import io.quiver.stellar.xdr.model.ContractEventType;
import io.quiver.stellar.xdr.model.ScMapEntry;
import io.quiver.stellar.xdr.model.ScVal;
import io.quiver.stellar.xdr.model.ScValType;
import io.quiver.ttp.model.Asset;
import io.quiver.ttp.model.EventType;
import io.quiver.ttp.model.MuxedInfo;
import io.quiver.ttp.stellar.Addresses;
import io.quiver.ttp.stellar.Int128;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads token movements out of contract events, in the two topic layouts: before CAP-67 (TxMeta v3:
 * mint and clawback carry an admin topic, data is i128) and CAP-67 (TxMeta v4: no admin, data is
 * i128 or a map with {@code amount} and {@code to_muxed_id}). An event from a Stellar Asset
 * Contract gets its asset when the trailing asset topic names an asset whose SAC id, under the
 * network passphrase, is the emitting contract; any other token event is kept without asset
 * (a custom SEP-41 token). Events that are not token movements give null.
 */
public final class ContractEventParser {

    private final String passphrase;
    private final Map<String, String> sacIds = new HashMap<>();

    public ContractEventParser(String passphrase) {
        this.passphrase = passphrase;
    }

    public ContractTokenEvent parse(ContractEvent event, boolean cap67) {
        if (event.type() != ContractEventType.CONTRACT || event.contractId() == null || event.body().discriminant() != 0) {
            return null;
        }
        List<ScVal> topics = event.body().v0().topics();
        if (topics.size() < 2 || topics.get(0).discriminant() != ScValType.SCV_SYMBOL) {
            return null;
        }
        String name = new String(topics.get(0).sym(), StandardCharsets.UTF_8);
        String contract = Addresses.contract(event.contractId());
        ScVal data = event.body().v0().data();
        BigInteger amount;
        MuxedInfo muxed = null;
        if (data.discriminant() == ScValType.SCV_I128) {
            amount = Int128.of(data.i128());
        } else if (cap67 && data.discriminant() == ScValType.SCV_MAP && data.map() != null) {
            amount = null;
            for (ScMapEntry e : data.map()) {
                if (e.key().discriminant() != ScValType.SCV_SYMBOL) {
                    continue;
                }
                String key = new String(e.key().sym(), StandardCharsets.UTF_8);
                if (key.equals("amount") && e.val().discriminant() == ScValType.SCV_I128) {
                    amount = Int128.of(e.val().i128());
                } else if (key.equals("to_muxed_id")) {
                    muxed = switch (e.val().discriminant()) {
                        case SCV_U64 -> MuxedInfo.ofId(e.val().u64());
                        case SCV_BYTES -> MuxedInfo.ofHash(e.val().bytes());
                        case SCV_STRING -> MuxedInfo.ofText(new String(e.val().str(), StandardCharsets.UTF_8));
                        default -> null;
                    };
                }
            }
            if (amount == null) {
                return null;
            }
        } else {
            return null;
        }
        EventType type;
        String from = null;
        String to = null;
        int sacTopics;
        switch (name) {
            case "transfer" -> {
                if (topics.size() < 3) {
                    return null;
                }
                type = EventType.TRANSFER;
                from = address(topics.get(1));
                to = address(topics.get(2));
                sacTopics = 4;
            }
            case "mint" -> {
                int at = cap67 ? 1 : 2;
                if (topics.size() <= at) {
                    return null;
                }
                type = EventType.MINT;
                to = address(topics.get(at));
                sacTopics = cap67 ? 3 : 4;
            }
            case "clawback" -> {
                int at = cap67 ? 1 : 2;
                if (topics.size() <= at) {
                    return null;
                }
                type = EventType.CLAWBACK;
                from = address(topics.get(at));
                sacTopics = cap67 ? 3 : 4;
            }
            case "burn" -> {
                type = EventType.BURN;
                from = address(topics.get(1));
                sacTopics = 3;
            }
            case "fee" -> {
                type = EventType.FEE;
                from = address(topics.get(1));
                sacTopics = -1;
            }
            default -> {
                return null;
            }
        }
        if ((from == null && type != EventType.MINT) || (to == null && (type == EventType.TRANSFER || type == EventType.MINT))) {
            return null; // an address topic that is not an address
        }
        if (muxed == null && to != null && type != EventType.FEE) {
            ScVal toTopic = topics.get(type == EventType.TRANSFER ? 2 : cap67 ? 1 : 2);
            if (toTopic.address().discriminant() == io.quiver.stellar.xdr.model.ScAddressType.SC_ADDRESS_TYPE_MUXED_ACCOUNT) {
                muxed = MuxedInfo.ofId(toTopic.address().muxedAccount().id());
            }
        }
        Asset asset = null;
        if (type == EventType.FEE) {
            asset = contract.equals(sac("native")) ? Asset.NATIVE : null;
        } else if (topics.size() == sacTopics) {
            asset = sacAsset(topics.get(topics.size() - 1), contract);
        }
        if (!cap67 && asset != null && type == EventType.TRANSFER && !asset.isNative()) {
            // Before CAP-67 a SAC reported issuer mints and burns as transfers.
            boolean fromIssuer = from.equals(asset.issuer());
            boolean toIssuer = to.equals(asset.issuer());
            if (fromIssuer && !toIssuer) {
                type = EventType.MINT;
                from = null;
            } else if (toIssuer && !fromIssuer) {
                type = EventType.BURN;
                to = null;
            }
        }
        return new ContractTokenEvent(type, contract, from, to, asset, amount, to == null ? null : muxed);
    }

    private static String address(ScVal v) {
        return v.discriminant() == ScValType.SCV_ADDRESS ? Addresses.of(v.address()) : null;
    }

    /** The asset a SAC's trailing topic names (SEP-11: "native" or "CODE:ISSUER"), if it is this contract's. */
    private Asset sacAsset(ScVal topic, String contract) {
        if (topic.discriminant() != ScValType.SCV_STRING || topic.str().length == 0) {
            return null;
        }
        String text = new String(topic.str(), StandardCharsets.UTF_8);
        Asset asset;
        if (text.equals("native")) {
            asset = Asset.NATIVE;
        } else {
            int colon = text.indexOf(':');
            if (colon <= 0 || colon > 12 || colon == text.length() - 1) {
                return null;
            }
            asset = Asset.issued(text.substring(0, colon), text.substring(colon + 1));
        }
        String id;
        try {
            id = sac(text);
        } catch (IllegalArgumentException e) {
            return null; // not a valid asset string
        }
        return id.equals(contract) ? asset : null;
    }

    private String sac(String sep11) {
        return sacIds.computeIfAbsent(sep11, s -> {
            if (s.equals("native")) {
                return NetworkIds.nativeAssetContract(passphrase);
            }
            int colon = s.indexOf(':');
            return NetworkIds.issuedAssetContract(passphrase, s.substring(0, colon), s.substring(colon + 1));
        });
    }
}
