package io.quiver.lake.sink;

/**
 * The lake cannot be read or written (full or unwritable disk, S3 unreachable). Transient: the stage
 * reports DOWN with this message and runs again from the manifest after a back-off, losing nothing.
 */
public final class LakeUnavailableException extends RuntimeException {

    public LakeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
