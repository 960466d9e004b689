package io.quiver.stellar.ledger;

import io.quiver.stellar.xdr.model.ContractEvent;
import io.quiver.stellar.xdr.model.LedgerEntryChange;
import io.quiver.stellar.xdr.model.OperationMeta;
import io.quiver.stellar.xdr.model.OperationMetaV2;
import io.quiver.stellar.xdr.model.TransactionMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger-entry changes and contract events of a {@link TransactionMeta}, whatever its version:
 * v0 has only operation changes, v1 adds transaction changes before them, v2 to v4 split those into
 * before and after; contract events sit in the Soroban meta (v3) or in each operation (v4).
 */
public final class MetaChanges {

    private MetaChanges() {
    }

    public static List<LedgerEntryChange> before(TransactionMeta m) {
        return switch (m.discriminant()) {
            case 0 -> List.of();
            case 1 -> m.v1().txChanges();
            case 2 -> m.v2().txChangesBefore();
            case 3 -> m.v3().txChangesBefore();
            default -> m.v4().txChangesBefore();
        };
    }

    public static List<LedgerEntryChange> after(TransactionMeta m) {
        return switch (m.discriminant()) {
            case 2 -> m.v2().txChangesAfter();
            case 3 -> m.v3().txChangesAfter();
            case 4 -> m.v4().txChangesAfter();
            default -> List.of();
        };
    }

    public static int operationCount(TransactionMeta m) {
        return m.discriminant() == 4 ? m.v4().operations().size() : operationMetas(m).size();
    }

    /** The changes of operation {@code index} (0-based); empty when the meta has none (a failed transaction). */
    public static List<LedgerEntryChange> operation(TransactionMeta m, int index) {
        if (m.discriminant() == 4) {
            List<OperationMetaV2> ops = m.v4().operations();
            return index < ops.size() ? ops.get(index).changes() : List.of();
        }
        List<OperationMeta> ops = operationMetas(m);
        return index < ops.size() ? ops.get(index).changes() : List.of();
    }

    /**
     * The contract events of operation {@code index}: in v3 the Soroban meta's (a Soroban transaction
     * has exactly one operation), in v4 the operation's own.
     */
    public static List<ContractEvent> operationEvents(TransactionMeta m, int index) {
        if (m.discriminant() == 3) {
            return index == 0 && m.v3().sorobanMeta() != null ? m.v3().sorobanMeta().events() : List.of();
        }
        if (m.discriminant() == 4) {
            List<OperationMetaV2> ops = m.v4().operations();
            return index < ops.size() ? ops.get(index).events() : List.of();
        }
        return List.of();
    }

    /** Every contract event of the transaction, operations in order. */
    public static List<ContractEvent> contractEvents(TransactionMeta m) {
        List<ContractEvent> out = new ArrayList<>();
        int n = m.discriminant() == 3 ? 1 : m.discriminant() == 4 ? m.v4().operations().size() : 0;
        for (int i = 0; i < n; i++) {
            out.addAll(operationEvents(m, i));
        }
        return out;
    }

    /** All changes in apply order: before, every operation's, after. */
    public static List<LedgerEntryChange> all(TransactionMeta m) {
        List<LedgerEntryChange> out = new ArrayList<>(before(m));
        int n = operationCount(m);
        for (int i = 0; i < n; i++) {
            out.addAll(operation(m, i));
        }
        out.addAll(after(m));
        return out;
    }

    private static List<OperationMeta> operationMetas(TransactionMeta m) {
        return switch (m.discriminant()) {
            case 0 -> m.operations();
            case 1 -> m.v1().operations();
            case 2 -> m.v2().operations();
            default -> m.v3().operations();
        };
    }
}
