package io.quiver.launcher;

import io.quiver.stellar.ledger.LedgerFileContent;
import io.quiver.stellar.ledger.LedgerFileException;
import io.quiver.stellar.ledger.LedgerFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens the ledger files named on a command line; a file that cannot be read is one line on stderr. */
final class LedgerInputs {

    static final String FORMS = "raw XDR, base64 lines, zstd record-marked stream, Galexie .xdr.zst/.xdr.zstd object, RPC getLedgers JSON";

    private LedgerInputs() {
    }

    /** The file's ledgers, or null after printing "quiver COMMAND: FILE: reason". */
    static LedgerFileContent open(String command, String name, PrintStream err) {
        Path file = Path.of(name);
        try {
            if (Files.isDirectory(file)) {
                err.println("quiver " + command + ": " + name + ": is a folder; name the files");
                return null;
            }
            return LedgerFiles.read(file);
        } catch (NoSuchFileException e) {
            err.println("quiver " + command + ": " + name + ": no such file");
        } catch (IOException e) {
            err.println("quiver " + command + ": " + name + ": " + e.getMessage());
        } catch (LedgerFileException e) {
            err.println("quiver " + command + ": " + e.getMessage());
        }
        return null;
    }
}
