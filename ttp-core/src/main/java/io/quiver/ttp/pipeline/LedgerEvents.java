package io.quiver.ttp.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.quiver.codec.DecodedBatch;
import io.quiver.schema.rows.ContractEventRow;
import io.quiver.schema.rows.StellarLedgerVectors;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.output.ContractEventRows;
import io.quiver.ttp.output.EventRows;
import io.quiver.ttp.tables.LedgerTables;
import io.quiver.ttp.unified.UnifiedEventsExtractor;

/**
 * A {@code StellarLedger} batch to the token transfer events and contract events of its ledgers,
 * in ledger order, filtered. The extractor of each network is made once and reused. Contract events
 * can be left out: a deployment that needs only token transfers saves turning them into rows and
 * writing them, most of the work on Soroban-heavy ledgers (the hop over the load-test ledgers runs
 * 2.2-2.6x faster without them). The ledger tables come from the same decode and the same
 * envelope-to-result matching, which is why they are made here rather than by a stage of their own.
 */
public final class LedgerEvents {

    /** The events (and ledger-table rows, empty when no table is on) of {@code ledgers} ledgers from {@code first} to {@code last}. */
    public record Extracted(long first, long last, int ledgers, List<TokenTransferEventRow> events,
                            List<ContractEventRow> contractEvents, LedgerTables.Rows tables) {

        public Extracted(long first, long last, int ledgers, List<TokenTransferEventRow> events, List<ContractEventRow> contractEvents) {
            this(first, last, ledgers, events, contractEvents, LedgerTables.Rows.empty());
        }
    }

    private final boolean unified;
    private final boolean withContractEvents;
    private final EventFilter filter;
    private final LedgerTables tables;
    private final NetworkPassphrases networks;
    private final Map<String, BiFunction<LedgerView, List<LedgerTransactions.Applied>, List<TokenTransferEvent>>> extractors =
            new HashMap<>();
    private final Map<String, ContractEventRows> contractRows = new HashMap<>();

    /** Token transfer events and contract events. */
    public LedgerEvents(boolean unified, EventFilter filter, NetworkPassphrases networks) {
        this(unified, true, filter, networks);
    }

    /** Token transfer events, and contract events if {@code contractEvents} (else their list is always empty). */
    public LedgerEvents(boolean unified, boolean contractEvents, EventFilter filter, NetworkPassphrases networks) {
        this(unified, contractEvents, filter, networks, new LedgerTables(java.util.Set.of(), false));
    }

    /**
     * Also the rows of the ledger tables {@code tables} asks for (every transaction and operation:
     * the event filter does not apply to them).
     */
    public LedgerEvents(boolean unified, boolean contractEvents, EventFilter filter, NetworkPassphrases networks, LedgerTables tables) {
        this.tables = tables;
        this.unified = unified;
        this.withContractEvents = contractEvents;
        this.filter = filter;
        this.networks = networks;
    }

    private BiFunction<LedgerView, List<LedgerTransactions.Applied>, List<TokenTransferEvent>> extractor(String passphrase) {
        return unified ? new UnifiedEventsExtractor(passphrase)::extract : new DerivedEventsExtractor(passphrase)::extract;
    }

    /** Extracts every ledger of {@code batch}; a ledger that cannot be processed is an exception naming it. */
    public Extracted extract(DecodedBatch batch) {
        List<TokenTransferEventRow> events = new ArrayList<>();
        List<ContractEventRow> contractEvents = new ArrayList<>();
        LedgerTables.Rows tableRows = LedgerTables.Rows.empty();
        long first = Long.MAX_VALUE;
        long last = -1;
        int count = 0;
        for (var root : batch.batches()) {
            StellarLedgerVectors v = new StellarLedgerVectors(root);
            for (int i = 0; i < root.getRowCount(); i++) {
                var row = v.get(i);
                count++;
                first = Math.min(first, row.sequence());
                last = Math.max(last, row.sequence());
                String passphrase = networks.of(row.networkId());
                LedgerView view = new LedgerView(new RawLedger("ledger " + row.sequence(), row.ledgerCloseMeta(), 0,
                        row.ledgerCloseMeta().length).decode());
                // envelopes are matched to results (hashed) once, for both kinds of events
                List<LedgerTransactions.Applied> txs = LedgerTransactions.of(view, row.networkId());
                tables.extract(view, row.ledgerCloseMeta(), txs, row.networkId(), tableRows);
                for (TokenTransferEventRow r : EventRows.rows(extractors.computeIfAbsent(passphrase, this::extractor).apply(view, txs))) {
                    if (filter.test(r)) {
                        events.add(r);
                    }
                }
                if (!withContractEvents) {
                    continue;
                }
                for (ContractEventRow r : contractRows.computeIfAbsent(passphrase, ContractEventRows::new).of(view, txs)) {
                    if (filter.test(r)) {
                        contractEvents.add(r);
                    }
                }
            }
        }
        return new Extracted(first, last, count, events, contractEvents, tableRows);
    }
}
