package io.quiver.ttp.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects a ledger's events per transaction and hands them back in stellar/go's order, which
 * depends on the protocol: fees of all transactions first; then before protocol 23 each
 * transaction's operation events followed by its refund, from protocol 23 all operation events,
 * then all refunds. Both extraction modes use it.
 */
public final class LedgerEventOrder {

    private final List<TokenTransferEvent> fees = new ArrayList<>();
    private final List<List<TokenTransferEvent>> operations = new ArrayList<>();
    private final List<List<TokenTransferEvent>> refunds = new ArrayList<>();

    public void fee(TokenTransferEvent charge) {
        fees.add(charge);
    }

    /** One transaction's operation events and refunds, transactions in apply order. */
    public void transaction(List<TokenTransferEvent> operationEvents, List<TokenTransferEvent> refundEvents) {
        operations.add(operationEvents);
        refunds.add(refundEvents);
    }

    public List<TokenTransferEvent> inOrder(int protocolVersion) {
        List<TokenTransferEvent> out = new ArrayList<>(fees);
        if (protocolVersion < 23) {
            for (int i = 0; i < operations.size(); i++) {
                out.addAll(operations.get(i));
                out.addAll(refunds.get(i));
            }
        } else {
            operations.forEach(out::addAll);
            refunds.forEach(out::addAll);
        }
        return out;
    }
}
