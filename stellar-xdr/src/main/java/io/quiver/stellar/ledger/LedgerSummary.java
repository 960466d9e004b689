package io.quiver.stellar.ledger;

import io.quiver.stellar.xdr.model.TransactionEnvelope;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What {@code quiver ledgers} prints for a ledger. {@code opCount} counts the operations of every
 * transaction in the set (failed ones too; a fee bump counts its inner transaction's operations);
 * a transaction failed if its result is neither success nor a fee bump whose inner transaction
 * succeeded.
 */
public record LedgerSummary(long sequence, int lcmVersion, int protocolVersion, Instant closedAt, String hash,
        int txCount, int failedTxCount, int opCount) {

    public static LedgerSummary of(LedgerView ledger) {
        int failed = 0;
        for (LedgerView.Processing p : ledger.processing()) {
            if (!p.succeeded()) {
                failed++;
            }
        }
        int ops = 0;
        for (TransactionEnvelope e : ledger.envelopes()) {
            ops += Envelopes.operations(e).size();
        }
        return new LedgerSummary(ledger.sequence(), ledger.version(), ledger.protocolVersion(),
                Instant.ofEpochSecond(ledger.closeTime()), HexFormat.of().formatHex(ledger.header().hash()),
                ledger.transactionCount(), failed, ops);
    }

    /** One JSON object, keys in the documented order. */
    public String toJson() {
        return "{\"sequence\":" + sequence + ",\"lcmVersion\":" + lcmVersion + ",\"protocolVersion\":" + protocolVersion
                + ",\"closedAt\":\"" + closedAt + "\",\"hash\":\"" + hash + "\",\"txCount\":" + txCount
                + ",\"failedTxCount\":" + failedTxCount + ",\"opCount\":" + opCount + "}";
    }
}
