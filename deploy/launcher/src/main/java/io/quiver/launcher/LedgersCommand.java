package io.quiver.launcher;

import io.quiver.stellar.ledger.LedgerFileContent;
import io.quiver.stellar.ledger.LedgerFileException;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.LedgerSummary;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.RawLedger;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
            throw new UsageException("usage: ./quiver ledgers FILE... (raw XDR, base64 lines, zstd record-marked stream, "
                    + "Galexie .xdr.zst/.xdr.zstd object, RPC getLedgers JSON)");
        }
        for (String name : files) {
            Path file = Path.of(name);
            LedgerFileContent content;
            try {
                if (Files.isDirectory(file)) {
                    err.println("quiver ledgers: " + name + ": is a folder; name the files");
                    return 2;
                }
                content = LedgerFiles.read(file);
            } catch (NoSuchFileException e) {
                err.println("quiver ledgers: " + name + ": no such file");
                return 2;
            } catch (IOException e) {
                err.println("quiver ledgers: " + name + ": " + e.getMessage());
                return 2;
            } catch (LedgerFileException e) {
                err.println("quiver ledgers: " + e.getMessage());
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
