package io.quiver.codec;

/**
 * A record that cannot be read as the expected Arrow data: not Arrow, truncated, a different
 * schema, or an incompatible major version. The message is one line naming what is wrong; the
 * record goes to the dead-letter topic and the consumer continues.
 */
public final class PoisonRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public PoisonRecordException(String reason) {
        super(reason);
    }

    public PoisonRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
