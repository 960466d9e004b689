package io.quiver.ttp.tables;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.quiver.schema.LedgerTableSchemas;
import io.quiver.schema.QuiverSchema;
import io.quiver.stellar.ledger.Envelopes;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.TransactionXdr;
import io.quiver.stellar.xdr.model.Operation;
import io.quiver.stellar.xdr.model.OperationResult;
import io.quiver.stellar.xdr.model.OperationType;

/**
 * A ledger's transactions, operations and contract invocations as rows of the {@code Transaction},
 * {@code Operation} and {@code ContractInvocation} schemas ({@code Object[]} in column order, for
 * {@link io.quiver.schema.rows.ColumnRows}): every transaction of the ledger, failed ones included,
 * in application order, each followed by its operations in order. Only the tables asked for are
 * built; raw XDR columns are filled only when asked for (they are most of a row's bytes).
 */
public final class LedgerTables {

    /** The tables this processor can produce. */
    public enum Table {
        TRANSACTIONS(LedgerTableSchemas.TRANSACTION_SCHEMA),
        OPERATIONS(LedgerTableSchemas.OPERATION_SCHEMA),
        INVOCATIONS(LedgerTableSchemas.CONTRACT_INVOCATION_SCHEMA);

        private final QuiverSchema schema;

        Table(QuiverSchema schema) {
            this.schema = schema;
        }

        public QuiverSchema schema() {
            return schema;
        }

        public static Table parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("table '" + s + "': expected transactions, operations or invocations");
            }
        }
    }

    /** The rows of some ledgers, per table (empty lists for tables not asked for). */
    public record Rows(List<Object[]> transactions, List<Object[]> operations, List<Object[]> invocations) {

        public static Rows empty() {
            return new Rows(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        public List<Object[]> of(Table t) {
            return switch (t) {
                case TRANSACTIONS -> transactions;
                case OPERATIONS -> operations;
                case INVOCATIONS -> invocations;
            };
        }

        public int size() {
            return transactions.size() + operations.size() + invocations.size();
        }
    }

    private final Set<Table> tables;
    private final boolean rawXdr;

    public LedgerTables(Set<Table> tables, boolean rawXdr) {
        this.tables = tables.isEmpty() ? EnumSet.noneOf(Table.class) : EnumSet.copyOf(tables);
        this.rawXdr = rawXdr;
    }

    public Set<Table> tables() {
        return tables;
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /** Appends the rows of one ledger, whose transactions in apply order are {@code txs}, to {@code out}. */
    public void extract(LedgerView ledger, List<LedgerTransactions.Applied> txs, byte[] networkId, Rows out) {
        extract(ledger, null, txs, networkId, out);
    }

    /**
     * The same, with the ledger's {@code LedgerCloseMeta} bytes (or null): the raw XDR columns are
     * then copies of those bytes rather than re-encodings of the decoded model.
     */
    public void extract(LedgerView ledger, byte[] lcm, List<LedgerTransactions.Applied> txs, byte[] networkId, Rows out) {
        if (tables.isEmpty()) {
            return;
        }
        TransactionXdr raw = rawXdr && lcm != null && tables.contains(Table.TRANSACTIONS) ? TransactionXdr.of(lcm) : null;
        boolean transactions = tables.contains(Table.TRANSACTIONS);
        boolean operations = tables.contains(Table.OPERATIONS);
        boolean invocations = tables.contains(Table.INVOCATIONS);
        long sequence = ledger.sequence();
        Instant closedAt = Instant.ofEpochSecond(ledger.closeTime());
        for (LedgerTransactions.Applied tx : txs) {
            TxContext c;
            try {
                c = new TxContext(sequence, closedAt, tx);
                if (transactions) {
                    out.transactions().add(TransactionRows.of(c, rawXdr, raw));
                }
                if (!operations && !invocations) {
                    continue;
                }
                List<Operation> ops = Envelopes.operations(tx.envelope());
                List<OperationResult> results = c.operationResults();
                for (int k = 0; k < ops.size(); k++) {
                    Operation op = ops.get(k);
                    // a contract call's arguments as JSON are wanted by both tables: rendered once
                    String args = op.body().discriminant() == OperationType.INVOKE_HOST_FUNCTION
                            ? InvocationRows.argumentsJson(op.body().invokeHostFunctionOp().hostFunction()) : null;
                    if (operations) {
                        out.operations().add(OperationRows.of(c, k + 1, op, k < results.size() ? results.get(k) : null, networkId, args));
                    }
                    if (invocations && op.body().discriminant() == OperationType.INVOKE_HOST_FUNCTION) {
                        out.invocations().add(InvocationRows.of(c, k + 1, op, networkId, args));
                    }
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("ledger " + sequence + ", transaction " + (tx.index() + 1) + " ("
                        + TxContext.hex(tx.hash()) + "): " + e, e);
            }
        }
    }
}
