package io.quiver.schema.rows;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code StellarLedger}; {@code header} holds the 1.1 columns, null when a batch has
 * none (written by 1.0). Hashes and the network id are 32 bytes; {@code ledgerCloseMeta}
 * is the ledger's XDR byte for byte. Counts are unsigned 32-bit values held in longs/ints.
 */
public record StellarLedgerRow(long sequence, byte[] ledgerHash, byte[] previousLedgerHash, Instant closedAt,
        int protocolVersion, int lcmVersion, int txCount, int successfulTxCount, int failedTxCount,
        int operationCount, long baseFee, long baseReserve, byte[] networkId, String source, byte[] ledgerCloseMeta,
        HeaderFacts header) {

    /**
     * stellar-etl's {@code history_ledgers} columns Quiver added in 1.1. {@code sorobanFeeWrite1kb},
     * {@code liveSorobanStateBytes}, {@code nodeId} and {@code signature} are null where the ledger
     * has no such value.
     */
    public record HeaderFacts(long id, long totalCoins, long feePool, long maxTxSetSize, Long sorobanFeeWrite1kb,
                              Long liveSorobanStateBytes, String nodeId, byte[] signature, byte[] ledgerHeader) {
    }

    /** A 1.0 row: no header facts. */
    public StellarLedgerRow(long sequence, byte[] ledgerHash, byte[] previousLedgerHash, Instant closedAt,
            int protocolVersion, int lcmVersion, int txCount, int successfulTxCount, int failedTxCount,
            int operationCount, long baseFee, long baseReserve, byte[] networkId, String source, byte[] ledgerCloseMeta) {
        this(sequence, ledgerHash, previousLedgerHash, closedAt, protocolVersion, lcmVersion, txCount, successfulTxCount,
                failedTxCount, operationCount, baseFee, baseReserve, networkId, source, ledgerCloseMeta, null);
    }

    public StellarLedgerRow {
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ledgerCloseMeta, "ledgerCloseMeta");
        RowChecks.requireHash32(ledgerHash, "ledgerHash");
        RowChecks.requireHash32(previousLedgerHash, "previousLedgerHash");
        RowChecks.requireHash32(networkId, "networkId");
        if (sequence < 0 || sequence > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("sequence " + sequence + " is not an unsigned 32-bit number");
        }
    }
}
