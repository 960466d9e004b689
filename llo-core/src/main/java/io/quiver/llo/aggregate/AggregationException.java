package io.quiver.llo.aggregate;

/** An aggregation that cannot produce a value; the message is the production plugin's text. */
public final class AggregationException extends Exception {

    private static final long serialVersionUID = 1L;

    public AggregationException(String message) {
        super(message, null, false, false); // expected outcome of a round, no stack needed
    }
}
