package io.quiver.sink.query;

/** A query that did not run or did not finish, with the reason in one line and what kind of failure it is. */
public final class QueryException extends Exception {

    /** Why: the caller's statement, a limit, or the engine not being there. */
    public enum Kind {
        /** Not a single read-only SELECT, or DuckDB refused it (syntax, unknown table or column). */
        BAD_QUERY,
        /** Over the row or memory limit. */
        TOO_LARGE,
        /** Every query slot taken: try again. */
        BUSY,
        /** Over the time limit, or cancelled by the client. */
        TIMEOUT,
        /** The lake cannot be read now (not there yet, not local). */
        UNAVAILABLE
    }

    private final Kind kind;

    public QueryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
