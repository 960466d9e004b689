package io.quiver.ttp.model;

/** The kinds of token transfer event, as the oneof of stellar/go's TokenTransferEvent names them. */
public enum EventType {
    TRANSFER("transfer"), MINT("mint"), BURN("burn"), CLAWBACK("clawback"), FEE("fee");

    private final String jsonName;

    EventType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
