package io.quiver.stellar.ledger;

import java.nio.file.Path;
import java.util.List;

/** The shared ledger files, for tests of other packages. */
public final class SharedLedgersAccess {

    private SharedLedgersAccess() {
    }

    public static List<Path> files() {
        return SharedLedgers.all().stream().map(SharedLedgers.LedgerFileCase::path).toList();
    }
}
