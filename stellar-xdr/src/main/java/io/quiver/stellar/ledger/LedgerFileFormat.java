package io.quiver.stellar.ledger;

/** The forms Stellar ledgers come in as files; {@link LedgerFiles} tells them apart by content. */
public enum LedgerFileFormat {
    /** One or more binary XDR {@code LedgerCloseMeta}, back to back (stellar-core's test ledgers). */
    XDR("raw XDR LedgerCloseMeta"),
    /** One base64 XDR {@code LedgerCloseMeta} per line. */
    BASE64_LINES("base64 LedgerCloseMeta lines"),
    /** zstd of an RFC 5531 record-marked stream of {@code LedgerCloseMeta} (stellar-core's meta stream). */
    RECORD_MARKED("zstd record-marked LedgerCloseMeta stream"),
    /** zstd of one XDR {@code LedgerCloseMetaBatch}: a Galexie data-lake object. */
    GALEXIE_BATCH("Galexie LedgerCloseMetaBatch object"),
    /** A Stellar RPC {@code getLedgers} response (the JSON-RPC envelope or its result). */
    RPC_JSON("Stellar RPC getLedgers JSON");

    private final String description;

    LedgerFileFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
