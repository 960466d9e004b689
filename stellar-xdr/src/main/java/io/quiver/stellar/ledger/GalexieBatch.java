package io.quiver.stellar.ledger;

import java.util.List;

/** The content of one data-lake object: ledgers {@code start..end} in order. */
public record GalexieBatch(long start, long end, List<RawLedger> ledgers) {
}
