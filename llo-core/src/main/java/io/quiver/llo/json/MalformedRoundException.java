package io.quiver.llo.json;

/** Round input that does not follow the JSON contract; the message names the offending field. */
public final class MalformedRoundException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedRoundException(String message) {
        super(message);
    }
}
