package io.quiver.schema.rows;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One token transfer event as a plain Java value: what the extractor produces and what the
 * protobuf converter reads and writes. Numbers declared uint32/uint64 in the protobuf are held in
 * {@code long}; {@link #toMuxedId} holds the uint64 bit pattern (print with
 * {@link Long#toUnsignedString(long)}).
 */
public record TokenTransferEventRow(
        long ledgerSequence,
        Instant closedAt,
        byte[] txHash,
        long transactionIndex,
        Long operationIndex,
        long eventIndex,
        String eventType,
        String contractAddress,
        String from,
        String to,
        String assetType,
        String assetCode,
        String assetIssuer,
        BigInteger amount,
        String toMuxedType,
        String toMuxedText,
        Long toMuxedId,
        byte[] toMuxedHash) {

    public TokenTransferEventRow {
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(contractAddress, "contractAddress");
        Objects.requireNonNull(amount, "amount");
        RowChecks.requireHash32(txHash, "txHash");
    }

    /** The dedup key: {@code <ledger>-<transaction>-<operation or 0>-<event index>}. */
    public String eventId() {
        return eventId(ledgerSequence, transactionIndex, operationIndex, eventIndex);
    }

    public static String eventId(long ledger, long tx, Long op, long index) {
        return ledger + "-" + tx + "-" + (op == null ? 0 : op) + "-" + index;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TokenTransferEventRow r)) {
            return false;
        }
        return ledgerSequence == r.ledgerSequence && closedAt.equals(r.closedAt) && Arrays.equals(txHash, r.txHash)
                && transactionIndex == r.transactionIndex && Objects.equals(operationIndex, r.operationIndex)
                && eventIndex == r.eventIndex && eventType.equals(r.eventType)
                && contractAddress.equals(r.contractAddress) && Objects.equals(from, r.from) && Objects.equals(to, r.to)
                && Objects.equals(assetType, r.assetType) && Objects.equals(assetCode, r.assetCode)
                && Objects.equals(assetIssuer, r.assetIssuer) && amount.equals(r.amount)
                && Objects.equals(toMuxedType, r.toMuxedType) && Objects.equals(toMuxedText, r.toMuxedText)
                && Objects.equals(toMuxedId, r.toMuxedId) && Arrays.equals(toMuxedHash, r.toMuxedHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ledgerSequence, transactionIndex, operationIndex, eventIndex, eventType, amount);
    }

    @Override
    public String toString() {
        return "TokenTransferEventRow[" + eventId() + " " + eventType + " " + from + " -> " + to + " " + amount
                + " " + (assetType == null ? "custom" : assetType.equals("native") ? "native" : assetCode + ":" + assetIssuer) + "]";
    }
}
