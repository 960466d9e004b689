package io.quiver.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code ./quiver query [--lake DIR] "SQL"}: one DuckDB statement over a local lake, each table a
 * view of the files its manifest lists; the result as tab-separated lines with a header.
 */
final class QueryCommand {

    static final String USAGE = "usage: ./quiver query [--lake DIR] \"SQL\"   (tables: token_transfer_events, contract_events, ledgers, "
            + "transactions, operations, contract_invocations, llo_aggregates)";

    private final Path root;
    private final PrintStream out;
    private final PrintStream err;

    QueryCommand(Path root, PrintStream out, PrintStream err) {
        this.root = root;
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws IOException {
        Path lake = QuiverCli.state(root).resolve("lake");
        String sql = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--lake") && i + 1 < args.size()) {
                lake = Path.of(args.get(++i)).toAbsolutePath();
            } else if (a.startsWith("--lake=")) {
                lake = Path.of(a.substring("--lake=".length())).toAbsolutePath();
            } else if (a.startsWith("--") || sql != null) {
                throw new UsageException("unexpected argument " + a + "\n" + USAGE);
            } else {
                sql = a;
            }
        }
        if (sql == null || sql.isBlank()) {
            throw new UsageException(USAGE);
        }
        try (LakeDb db = LakeDb.open(lake)) {
            for (List<String> row : db.rows(sql)) {
                out.println(String.join("\t", row));
            }
            return 0;
        } catch (SQLException e) {
            err.println("quiver query: " + e.getMessage().lines().findFirst().orElse("failed"));
            return 1;
        }
    }
}
