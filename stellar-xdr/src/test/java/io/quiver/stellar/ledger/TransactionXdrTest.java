package io.quiver.stellar.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.xdr.XdrWriter;
import io.quiver.stellar.xdr.model.LedgerEntryChange;
import io.quiver.testing.SharedLedgers;
import org.junit.jupiter.api.Test;

/** The byte ranges {@link TransactionXdr} finds by skipping are exactly the encodings of the decoded parts, on every real ledger. */
class TransactionXdrTest {

    @Test
    void everyTransactionsBytesAreItsPartsEncodings() throws Exception {
        int transactions = 0;
        for (SharedLedgers.LedgerFileCase file : SharedLedgers.all()) {
            for (RawLedger raw : LedgerFiles.read(file.path()).ledgers()) {
                byte[] lcm = raw.bytes();
                LedgerView view = new LedgerView(raw.decode());
                TransactionXdr x = TransactionXdr.of(lcm);
                assertEquals(view.envelopes().size(), x.envelopeCount(), file + " " + raw.where());
                assertEquals(view.transactionCount(), x.transactionCount(), file + " " + raw.where());
                for (LedgerTransactions.Applied t : LedgerTransactions.of(view, NetworkIds.networkId(file.passphrase()))) {
                    String where = file + " " + raw.where() + " transaction " + t.index();
                    assertArrayEquals(t.envelope().toXdr(), x.envelope(t.setIndex()), where + ": envelope");
                    assertArrayEquals(t.processing().result().toXdr(), x.result(t.index()), where + ": result");
                    assertArrayEquals(t.processing().meta().toXdr(), x.meta(t.index()), where + ": meta");
                    assertArrayEquals(changes(t.processing().feeChanges()), x.feeChanges(t.index()), where + ": fee changes");
                    transactions++;
                }
            }
        }
        assertTrue(transactions > 900, "transactions checked: " + transactions);
    }

    private static byte[] changes(List<LedgerEntryChange> changes) {
        XdrWriter w = new XdrWriter();
        w.writeInt(changes.size());
        changes.forEach(c -> c.encode(w));
        return w.toByteArray();
    }
}
