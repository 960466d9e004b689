package io.quiver.ttp.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * The protojson form of stellar/go's TokenTransferEvent (lowerCamelCase names, uint64 as strings,
 * bytes as base64, absent fields left out), as in core-golden's expected-ttp-events files.
 */
public final class ProtoJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProtoJson() {
    }

    public static ObjectNode toJson(TokenTransferEvent e) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode meta = root.putObject("meta");
        EventMeta m = e.meta();
        meta.put("ledgerSequence", m.ledgerSequence());
        meta.put("closedAt", m.closedAt().toString());
        meta.put("txHash", m.txHash());
        meta.put("transactionIndex", m.transactionIndex());
        if (m.operationIndex() != null) {
            meta.put("operationIndex", m.operationIndex());
        }
        meta.put("contractAddress", m.contractAddress());
        if (m.toMuxedInfo() != null) {
            ObjectNode mux = meta.putObject("toMuxedInfo");
            MuxedInfo x = m.toMuxedInfo();
            if (x.text() != null) {
                mux.put("text", x.text());
            } else if (x.id() != null) {
                mux.put("id", Long.toUnsignedString(x.id()));
            } else {
                mux.put("hash", Base64.getEncoder().encodeToString(x.hash()));
            }
        }
        ObjectNode body = root.putObject(e.type().jsonName());
        if (e.from() != null) {
            body.put("from", e.from());
        }
        if (e.to() != null) {
            body.put("to", e.to());
        }
        if (e.asset() != null) {
            ObjectNode asset = body.putObject("asset");
            if (e.asset().isNative()) {
                asset.put("native", true);
            } else {
                ObjectNode issued = asset.putObject("issuedAsset");
                issued.put("assetCode", e.asset().code());
                issued.put("issuer", e.asset().issuer());
            }
        }
        body.put("amount", e.amount().toString());
        return root;
    }

    public static String line(TokenTransferEvent e) {
        return toJson(e).toString();
    }
}
