package io.quiver.ttp.model;

import java.math.BigInteger;

/**
 * One movement of value. {@code from} is null for mints, {@code to} for burns, clawbacks and fees;
 * {@code asset} is null for a custom (non-SAC) token; amounts are exact i128 (fee refunds negative).
 */
public record TokenTransferEvent(EventMeta meta, EventType type, String from, String to, Asset asset, BigInteger amount) {
}
