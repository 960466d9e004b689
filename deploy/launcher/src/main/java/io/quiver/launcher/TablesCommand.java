package io.quiver.launcher;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;

import io.quiver.ingest.publish.StellarLedgerRows;
import io.quiver.memory.ServiceAllocator;
import io.quiver.schema.rows.ColumnRows;
import io.quiver.schema.rows.StellarLedgerVectors;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.LedgerFileContent;
import io.quiver.stellar.ledger.LedgerFileException;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.ttp.tables.LedgerTables;
import io.quiver.ttp.tables.RowJson;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@code ./quiver tables transactions|operations|invocations|ledgers --network P FILE...}: one JSON
 * object per row of the table, in ledger order, transactions in application order, operations in
 * their transaction's order; the rows are the ones ttp-service publishes (built by the same code
 * into the same Arrow schema, then printed by {@link RowJson}). Bad input: exit 2 and one line.
 */
final class TablesCommand {

    static final String USAGE = "usage: ./quiver tables transactions|operations|invocations|ledgers --network PASSPHRASE|pubnet|testnet FILE...";

    private final PrintStream out;
    private final PrintStream err;

    TablesCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException(USAGE);
        }
        String table = args.get(0);
        LedgerTables.Table which = null;
        if (!table.equals("ledgers")) {
            try {
                which = LedgerTables.Table.parse(table);
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown table '" + table + "'\n" + USAGE);
            }
        }
        NetworkFiles in = NetworkFiles.parse(args, 1, java.util.Set.of(), USAGE);
        String passphrase = in.passphrase();
        List<String> files = in.files();
        byte[] networkId = NetworkIds.networkId(passphrase);
        LedgerTables tables = new LedgerTables(which == null ? EnumSet.noneOf(LedgerTables.Table.class) : EnumSet.of(which), true);
        String command = "tables " + table;
        ServiceAllocator service = ServiceAllocator.create("quiver-tables", Long.MAX_VALUE);
        try (BufferAllocator allocator = service.root()) {
            for (String name : files) {
                LedgerFileContent content = LedgerInputs.open(command, name, err);
                if (content == null) {
                    return 2;
                }
                for (RawLedger raw : content.ledgers()) {
                    try {
                        LedgerView view = new LedgerView(raw.decode());
                        if (which == null) {
                            print(ledgerRoot(view, raw, networkId, allocator));
                        } else {
                            LedgerTables.Rows rows = LedgerTables.Rows.empty();
                            tables.extract(view, raw.bytes(), LedgerTransactions.of(view, networkId), networkId, rows);
                            VectorSchemaRoot root = ColumnRows.newRoot(which.schema(), allocator);
                            new ColumnRows(root).appendAll(rows.of(which));
                            print(root);
                        }
                    } catch (LedgerFileException e) {
                        err.println("quiver " + command + ": " + e.getMessage() + " (read as " + content.format().description() + ")");
                        return 2;
                    } catch (RuntimeException e) {
                        err.println("quiver " + command + ": " + name + ": ledger at " + raw.where() + ": " + e.getMessage());
                        return 2;
                    }
                }
            }
        }
        out.flush();
        return 0;
    }

    /** Prints and closes {@code root}. */
    private void print(VectorSchemaRoot root) {
        try (root) {
            for (int i = 0; i < root.getRowCount(); i++) {
                out.println(RowJson.line(root, i));
            }
        }
    }

    private static VectorSchemaRoot ledgerRoot(LedgerView view, RawLedger raw, byte[] networkId, BufferAllocator allocator) {
        VectorSchemaRoot root = StellarLedgerVectors.newRoot(allocator);
        new StellarLedgerVectors(root).append(StellarLedgerRows.of(view, raw.bytes(), networkId, "file"));
        return root;
    }
}
