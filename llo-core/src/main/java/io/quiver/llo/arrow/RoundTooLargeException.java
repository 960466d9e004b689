package io.quiver.llo.arrow;

/** A round whose Arrow data does not fit the configured memory limit; the round is skipped cleanly. */
public final class RoundTooLargeException extends Exception {

    private static final long serialVersionUID = 1L;

    public RoundTooLargeException(int observations, long limitBytes, Throwable cause) {
        super("round of " + observations + " node observations exceeds the Arrow memory limit of " + limitBytes
                + " bytes: " + cause.getMessage(), cause);
    }
}
