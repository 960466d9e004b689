package io.quiver.sink.query;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The query engine over the lake ({@code quiver.sink.query.*}): what one query may take. */
@ConfigMapping(prefix = "quiver.sink.query")
public interface QuerySettings {

    /** A query running longer is cancelled (504 on REST, DEADLINE_EXCEEDED on Flight). */
    @WithDefault("30s")
    Duration timeout();

    /** A result with more rows is refused (add a LIMIT, or page). */
    @WithDefault("100000")
    int maxRows();

    /** A streamed result (Flight, Flight SQL) running longer is cancelled. */
    @WithDefault("10m")
    Duration streamTimeout();

    /** A streamed result (Flight, Flight SQL) with more rows is stopped with an error. */
    @WithDefault("100000000")
    long streamMaxRows();

    /** DuckDB's memory limit for all queries together (bytes); a query over it fails, the service stays up. */
    @WithDefault("536870912")
    long memoryBytes();

    /** DuckDB worker threads. */
    @WithDefault("2")
    int threads();

    /** Queries running at once; more wait up to a second, then get 503. */
    @WithDefault("4")
    int maxConcurrent();

    /** How stale the engine's view of the manifest (and of the tail) may be: it is re-read at most this often. */
    @WithDefault("1s")
    Duration refresh();

    /** The tail: the lake topics' rows not yet in a committed file, so answers are current to the newest record. */
    Tail tail();

    interface Tail {
        /** Off: SQL sees committed files only (up to {@code quiver.sink.max-file-age} behind the topics). */
        @WithDefault("true")
        boolean enabled();

        /** The local folder of the tail's files (emptied at start); default {@code <tmp>/quiver-tail/<instance-id>-<pid>}. */
        Optional<Path> dir();

        /** Tail files on disk past which the tail stops reading until commits free space (answers then lag). */
        @WithDefault("536870912")
        long maxBytes();
    }
}
