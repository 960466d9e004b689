package io.quiver.ttp.model;

import java.time.Instant;

/**
 * Where an event happened. {@code transactionIndex} and {@code operationIndex} are 1-based;
 * {@code operationIndex} is null for fee events. {@code contractAddress} is the asset's Stellar
 * Asset Contract for classic events, the emitting contract for contract events.
 */
public record EventMeta(long ledgerSequence, Instant closedAt, String txHash, int transactionIndex, Integer operationIndex,
        String contractAddress, MuxedInfo toMuxedInfo) {
}
