package io.quiver.schema.rows;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One contract event (system, contract or diagnostic) as a plain Java value: a row of the
 * {@code ContractEvent} schema. Topics and data are XDR-encoded {@code ScVal}s, so a consumer in any
 * language decodes them with its Stellar XDR library.
 */
public record ContractEventRow(
        long ledgerSequence,
        Instant closedAt,
        byte[] txHash,
        long transactionIndex,
        Long operationIndex,
        long eventIndex,
        String contractId,
        String type,
        List<byte[]> topics,
        byte[] data,
        boolean txSuccessful) {

    public ContractEventRow {
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(data, "data");
        RowChecks.requireHash32(txHash, "txHash");
    }

    /** The dedup key: {@code <ledger>-<transaction>-<operation or 0>-<event index>}. */
    public String eventId() {
        return TokenTransferEventRow.eventId(ledgerSequence, transactionIndex, operationIndex, eventIndex);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ContractEventRow r)) {
            return false;
        }
        if (topics.size() != r.topics.size()) {
            return false;
        }
        for (int i = 0; i < topics.size(); i++) {
            if (!Arrays.equals(topics.get(i), r.topics.get(i))) {
                return false;
            }
        }
        return ledgerSequence == r.ledgerSequence && closedAt.equals(r.closedAt) && Arrays.equals(txHash, r.txHash)
                && transactionIndex == r.transactionIndex && Objects.equals(operationIndex, r.operationIndex) && eventIndex == r.eventIndex
                && Objects.equals(contractId, r.contractId) && type.equals(r.type) && Arrays.equals(data, r.data)
                && txSuccessful == r.txSuccessful;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ledgerSequence, transactionIndex, operationIndex, eventIndex, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "ContractEvent " + eventId() + " " + type + " " + contractId + " (" + topics.size() + " topics, " + data.length + " data bytes)";
    }
}
