package io.quiver.ttp.unified;

import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.xdr.model.ContractEvent;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.stellar.xdr.model.OperationMetaV2;
import io.quiver.stellar.xdr.model.TransactionEvent;
import io.quiver.stellar.xdr.model.TransactionEventStage;
import io.quiver.stellar.xdr.model.TransactionMetaV4;
import io.quiver.ttp.TtpException;
import io.quiver.ttp.contract.ContractEventParser;
import io.quiver.ttp.contract.ContractTokenEvent;
import io.quiver.ttp.model.EventMeta;
import io.quiver.ttp.model.EventType;
import io.quiver.ttp.model.LedgerEventOrder;
import io.quiver.ttp.model.TokenTransferEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The unified-events mode: token transfer events read from the CAP-67 events stellar-core writes
 * into TransactionMeta v4 (when run with EMIT_CLASSIC_EVENTS and BACKFILL_STELLAR_ASSET_EVENTS):
 * fee events from the transaction's events (a charge before all transactions, a refund after),
 * operation events from each operation's events, only for successful transactions. Every
 * transaction must carry one or two fee events; otherwise the ledger was not made for this mode.
 * Events come in {@link LedgerEventOrder}.
 */
public final class UnifiedEventsExtractor {

    private final byte[] networkId;
    private final ContractEventParser parser;

    public UnifiedEventsExtractor(String passphrase) {
        this.networkId = NetworkIds.networkId(passphrase);
        this.parser = new ContractEventParser(passphrase);
    }

    public List<TokenTransferEvent> extract(LedgerCloseMeta meta) {
        LedgerView view = new LedgerView(meta);
        return extract(view, LedgerTransactions.of(view, networkId));
    }

    /** The events of {@code view} whose transactions are already matched (hashed once for several consumers). */
    public List<TokenTransferEvent> extract(LedgerView view, List<LedgerTransactions.Applied> transactions) {
        long sequence = view.sequence();
        Instant closedAt = Instant.ofEpochSecond(view.closeTime());
        LedgerEventOrder order = new LedgerEventOrder();
        for (LedgerTransactions.Applied tx : transactions) {
            String hash = HexFormat.of().formatHex(tx.hash());
            int index = tx.index() + 1;
            if (tx.processing().meta().discriminant() != 4) {
                throw new TtpException("ledger " + sequence + " transaction " + hash + " (index " + index + "): TransactionMeta v"
                        + tx.processing().meta().discriminant() + "; the unified-events mode needs v4 with CAP-67 events");
            }
            TransactionMetaV4 v4 = tx.processing().meta().v4();
            List<TokenTransferEvent> txRefunds = new ArrayList<>();
            int feeEvents = 0;
            for (TransactionEvent te : v4.events()) {
                ContractTokenEvent e = parser.parse(te.event(), true);
                if (e == null || e.type() != EventType.FEE) {
                    continue;
                }
                feeEvents++;
                TokenTransferEvent out = event(sequence, closedAt, hash, index, null, e);
                if (te.stage() == TransactionEventStage.TRANSACTION_EVENT_STAGE_BEFORE_ALL_TXS) {
                    order.fee(out);
                } else {
                    txRefunds.add(out);
                }
            }
            if (feeEvents < 1 || feeEvents > 2) {
                throw new TtpException("ledger " + sequence + " transaction " + hash + " (index " + index + "): " + feeEvents
                        + " fee events, expected 1 or 2 (no fee events: the ledger was not produced with core's "
                        + "EMIT_CLASSIC_EVENTS / BACKFILL_STELLAR_ASSET_EVENTS; use the derived mode)");
            }
            List<TokenTransferEvent> ops = new ArrayList<>();
            if (tx.processing().succeeded()) {
                List<OperationMetaV2> opMetas = v4.operations();
                for (int i = 0; i < opMetas.size(); i++) {
                    for (ContractEvent ce : opMetas.get(i).events()) {
                        ContractTokenEvent e = parser.parse(ce, true);
                        if (e != null && e.type() != EventType.FEE) {
                            ops.add(event(sequence, closedAt, hash, index, i + 1, e));
                        }
                    }
                }
            }
            order.transaction(ops, txRefunds);
        }
        return order.inOrder(view.protocolVersion());
    }

    private static TokenTransferEvent event(long sequence, Instant closedAt, String hash, int index, Integer op, ContractTokenEvent e) {
        EventMeta meta = new EventMeta(sequence, closedAt, hash, index, op, e.contract(), e.toMuxedInfo());
        return new TokenTransferEvent(meta, e.type(), e.from(), e.to(), e.asset(), e.amount());
    }
}
