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

    /** A result over its row limit, naming the {@code setting} and, when not null, what to do. */
    static QueryException tooManyRows(long maxRows, Limit limit) {
        return new QueryException(Kind.TOO_LARGE, "the result has more than " + maxRows + " rows (" + limit.setting + ")"
                + (limit.advice == null ? "" : ": " + limit.advice));
    }

    /** The row limits: a REST answer is held whole, a Flight result streams. */
    public enum Limit {
        REST("quiver.sink.query.max-rows", "add a LIMIT or page with a cursor"),
        STREAM("quiver.sink.query.stream-max-rows", null);

        private final String setting;
        private final String advice;

        Limit(String setting, String advice) {
            this.setting = setting;
            this.advice = advice;
        }
    }

    public Kind kind() {
        return kind;
    }
}
