package io.quiver.service.stage;

/** Thrown by a stage that knows its failure is transient (the runner starts it again after a pause). */
public class StageRetryException extends RuntimeException {

    public StageRetryException(String message, Throwable cause) {
        super(message, cause);
    }
}
