package io.quiver.stellar.ledger;

/** A ledger file that cannot be read; the message is one line naming the file and the position. */
public final class LedgerFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LedgerFileException(String message) {
        super(message);
    }

    public LedgerFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
