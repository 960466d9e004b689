package io.quiver.llo.round;

/** Fewer than 2f+1 observations: no outcome can be computed for the round. */
public final class QuorumException extends Exception {

    private static final long serialVersionUID = 1L;

    public QuorumException(int got, int f) {
        super("invariant violation: expected at least 2f+1 attributed observations, got " + got + " (f: " + f + ")");
    }

    /** Throws unless {@code got} observations reach the 2f+1 quorum. */
    public static void check(int got, int f) throws QuorumException {
        if (got < 2 * f + 1) {
            throw new QuorumException(got, f);
        }
    }
}
