package io.quiver.launcher;

import io.quiver.stellar.ledger.LedgerFileContent;
import io.quiver.stellar.ledger.LedgerFileException;
import io.quiver.stellar.ledger.LedgerSummary;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.RawLedger;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./quiver ledgers FILE...}: one JSON line per ledger (sequence, versions, close time, hash,
 * transaction, failure and operation counts), whatever form the file has. Bad input stops with
 * exit code 2 and one line naming the file, the XDR type and the byte offset.
 */
final class LedgersCommand {

    private final PrintStream out;
    private final PrintStream err;

    LedgersCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> files) {
        if (files.isEmpty()) {
            throw new UsageException("usage: ./quiver ledgers FILE... (" + LedgerInputs.FORMS + ")");
        }
        for (String name : files) {
            LedgerFileContent content = LedgerInputs.open("ledgers", name, err);
            if (content == null) {
                return 2;
            }
            for (RawLedger raw : content.ledgers()) {
                try {
                    out.println(LedgerSummary.of(new LedgerView(raw.decode())).toJson());
                } catch (LedgerFileException e) {
                    err.println("quiver ledgers: " + e.getMessage() + " (read as " + content.format().description() + ")");
                    return 2;
                }
            }
        }
        out.flush();
        return 0;
    }
}
