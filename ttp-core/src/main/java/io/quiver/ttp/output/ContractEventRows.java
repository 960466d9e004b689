package io.quiver.ttp.output;

import io.quiver.schema.rows.ContractEventRow;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.xdr.XdrWriter;
import io.quiver.stellar.xdr.model.ContractEvent;
import io.quiver.stellar.xdr.model.DiagnosticEvent;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.stellar.xdr.model.ScVal;
import io.quiver.stellar.xdr.model.TransactionEvent;
import io.quiver.stellar.xdr.model.TransactionMeta;
import io.quiver.ttp.stellar.Addresses;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every contract event of a ledger as {@code ContractEvent} rows, transactions in apply order:
 * TxMeta v3's Soroban events (operation 1) then its diagnostic events; TxMeta v4's transaction-level
 * events (no operation), each operation's events, then the diagnostic events. {@code event_index}
 * counts within the transaction. Topics and data stay XDR {@code ScVal} bytes. Events of the
 * diagnostic list are typed {@code diagnostic} whatever their inner type: core repeats a
 * transaction's contract events there when diagnostics are on, and a consumer counting
 * {@code contract} rows must not see them twice.
 */
public final class ContractEventRows {

    private static final String DIAGNOSTIC = "diagnostic";

    private final byte[] networkId;

    public ContractEventRows(String passphrase) {
        this.networkId = NetworkIds.networkId(passphrase);
    }

    public List<ContractEventRow> of(LedgerCloseMeta meta) {
        LedgerView view = new LedgerView(meta);
        return of(view, LedgerTransactions.of(view, networkId));
    }

    /** The rows of {@code view} whose transactions are already matched (hashed once for several consumers). */
    public List<ContractEventRow> of(LedgerView view, List<LedgerTransactions.Applied> transactions) {
        Instant closedAt = Instant.ofEpochSecond(view.closeTime());
        List<ContractEventRow> out = new ArrayList<>();
        Values values = new Values();
        for (LedgerTransactions.Applied tx : transactions) {
            TransactionMeta m = tx.processing().meta();
            boolean ok = tx.processing().succeeded();
            Tx t = new Tx(view.sequence(), closedAt, tx.hash(), tx.index() + 1, ok, values, out);
            if (m.discriminant() == 3 && m.v3().sorobanMeta() != null) {
                m.v3().sorobanMeta().events().forEach(e -> t.add(1L, e));
                for (DiagnosticEvent d : m.v3().sorobanMeta().diagnosticEvents()) {
                    t.add(1L, d.event(), DIAGNOSTIC);
                }
            } else if (m.discriminant() == 4) {
                for (TransactionEvent e : m.v4().events()) {
                    t.add(null, e.event());
                }
                for (int i = 0; i < m.v4().operations().size(); i++) {
                    long op = i + 1;
                    m.v4().operations().get(i).events().forEach(e -> t.add(op, e));
                }
                for (DiagnosticEvent d : m.v4().diagnosticEvents()) {
                    t.add(null, d.event(), DIAGNOSTIC);
                }
            }
        }
        return out;
    }

    /**
     * Encodes a ledger's topic and data values with one writer: a ledger has thousands of events.
     * A fresh writer per value and a strkey per event (now {@link Addresses#contract}'s cache) made
     * this step 1.85 ms of a load-test ledger; now about 0.8 ms.
     */
    private static final class Values {
        private final XdrWriter writer = new XdrWriter(1024);

        byte[] xdr(ScVal v) {
            v.encode(writer.reset());
            return writer.toByteArray();
        }
    }

    /** One transaction's rows being written. */
    private static final class Tx {
        private final long ledger;
        private final Instant closedAt;
        private final byte[] hash;
        private final long index;
        private final boolean ok;
        private final Values values;
        private final List<ContractEventRow> out;
        private long eventIndex;

        Tx(long ledger, Instant closedAt, byte[] hash, long index, boolean ok, Values values, List<ContractEventRow> out) {
            this.ledger = ledger;
            this.closedAt = closedAt;
            this.hash = hash;
            this.index = index;
            this.ok = ok;
            this.values = values;
            this.out = out;
        }

        void add(Long op, ContractEvent e) {
            add(op, e, switch (e.type()) {
                case SYSTEM -> "system";
                case CONTRACT -> "contract";
                case DIAGNOSTIC -> DIAGNOSTIC;
            });
        }

        void add(Long op, ContractEvent e, String type) {
            List<byte[]> topics = new ArrayList<>();
            byte[] data;
            if (e.body().discriminant() == 0) {
                for (ScVal t : e.body().v0().topics()) {
                    topics.add(values.xdr(t));
                }
                data = values.xdr(e.body().v0().data());
            } else {
                data = new byte[0];
            }
            String contract = e.contractId() == null ? null : Addresses.contract(e.contractId());
            out.add(new ContractEventRow(ledger, closedAt, hash, index, op, eventIndex++, contract, type, topics, data, ok));
        }
    }
}
