package io.quiver.ttp.contract;

import io.quiver.ttp.model.Asset;
import io.quiver.ttp.model.EventType;
import io.quiver.ttp.model.MuxedInfo;
import java.math.BigInteger;

/** A SEP-41 / Stellar Asset Contract event understood as a token movement. */
public record ContractTokenEvent(EventType type, String contract, String from, String to, Asset asset, BigInteger amount,
        MuxedInfo toMuxedInfo) {
}
