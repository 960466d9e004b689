package io.quiver.schema.rows;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code StellarLedger}. Hashes and the network id are 32 bytes; {@code ledgerCloseMeta}
 * is the ledger's XDR byte for byte. Counts are unsigned 32-bit values held in longs/ints.
 */
public record StellarLedgerRow(long sequence, byte[] ledgerHash, byte[] previousLedgerHash, Instant closedAt,
        int protocolVersion, int lcmVersion, int txCount, int successfulTxCount, int failedTxCount,
        int operationCount, long baseFee, long baseReserve, byte[] networkId, String source, byte[] ledgerCloseMeta) {

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
