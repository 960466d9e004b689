package io.quiver.ttp;

/** A ledger the extraction cannot process as asked; the message names the ledger and transaction. */
public final class TtpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TtpException(String message) {
        super(message);
    }
}
