package io.quiver.stellar.ledger;

import java.util.List;

/** The ledgers found in one file and the format they were in. */
public record LedgerFileContent(String file, LedgerFileFormat format, List<RawLedger> ledgers) {
}
