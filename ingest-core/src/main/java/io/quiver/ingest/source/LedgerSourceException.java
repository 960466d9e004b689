package io.quiver.ingest.source;

import java.io.IOException;

/** A source failed: the message names the object, file or URL and the ledgers concerned, on one line. */
public class LedgerSourceException extends IOException {

    public LedgerSourceException(String message) {
        super(message);
    }

    public LedgerSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
