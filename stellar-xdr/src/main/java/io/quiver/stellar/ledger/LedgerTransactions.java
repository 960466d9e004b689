package io.quiver.stellar.ledger;

import io.quiver.stellar.xdr.model.TransactionEnvelope;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A ledger's transactions in apply order, each with its envelope. The set lists envelopes in
 * another order (hash order in LCM v0, phases later), so they are matched to the processing
 * entries by transaction hash, which needs the network's passphrase.
 */
public final class LedgerTransactions {

    /**
     * One applied transaction: its position in apply order, hash, envelope, processing, and the
     * envelope's position in the transaction set (for {@link TransactionXdr#envelope}).
     */
    public record Applied(int index, byte[] hash, TransactionEnvelope envelope, LedgerView.Processing processing, int setIndex) {
    }

    private LedgerTransactions() {
    }

    public static List<Applied> of(LedgerView ledger, byte[] networkId) {
        List<TransactionEnvelope> set = ledger.envelopes();
        Map<ByteBuffer, Integer> byHash = new HashMap<>();
        for (int i = 0; i < set.size(); i++) {
            byHash.put(ByteBuffer.wrap(TransactionHashes.hash(networkId, set.get(i))), i);
        }
        List<Applied> out = new ArrayList<>();
        List<LedgerView.Processing> processing = ledger.processing();
        for (int i = 0; i < processing.size(); i++) {
            LedgerView.Processing p = processing.get(i);
            byte[] hash = p.result().transactionHash();
            Integer at = byHash.get(ByteBuffer.wrap(hash));
            if (at == null) {
                throw new LedgerFileException("ledger " + ledger.sequence() + ": transaction " + HexFormat.of().formatHex(hash)
                        + " (apply index " + i + ") has no envelope in the set; is the network passphrase right?");
            }
            out.add(new Applied(i, hash, set.get(at), p, at));
        }
        return out;
    }
}
