package io.quiver.ttp.tables;

/**
 * Horizon's and stellar-etl's total order ids: ledger sequence in the top 32 bits, transaction
 * application index (1-based) in the next 20, operation index (1-based, 0 for the transaction
 * itself) in the low 12.
 */
public final class Toid {

    private Toid() {
    }

    public static long transaction(long ledger, int transactionIndex) {
        return (ledger << 32) | ((long) transactionIndex << 12);
    }

    public static long operation(long transactionId, int operationIndex) {
        return transactionId | operationIndex;
    }
}
