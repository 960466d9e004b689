package io.quiver.sink.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.table.LakeScans;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.tail.LakeTail;
import io.quiver.sink.lake.LakeAccess;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.duckdb.DuckDBConnection;
import org.jboss.logging.Logger;

/**
 * SQL over the lake with an in-process DuckDB: one view per lake table over exactly the files the
 * manifest lists (never a file being written, never one outside the lake), refreshed when the
 * manifest moves on. Every statement must be a single SELECT (checked by DuckDB's own parser), so
 * queries cannot write; the database may read only the lake's folder. Limits per query: time
 * ({@code timeout}, then cancelled), rows ({@code max-rows}), and DuckDB's memory limit for all of
 * them; a query over a limit fails with a {@link QueryException}, the service goes on.
 */
@ApplicationScoped
public class LakeQueryEngine {

    private static final Logger LOG = Logger.getLogger(LakeQueryEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a result; called with the statement's result set, within the query's limits. */
    @FunctionalInterface
    public interface ResultReader<T> {
        T read(ResultSet rs, int maxRows) throws SQLException, QueryException;
    }

    /** Streams a result (Flight); {@code maxRows} is the streaming limit. */
    @FunctionalInterface
    public interface ResultStreamer {
        void stream(ResultSet rs, long maxRows) throws SQLException, QueryException;
    }

    private final LakeAccess lake;
    private final LakeTailService tails;
    private final QuerySettings settings;
    private final Semaphore slots;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "query-watchdog");
        t.setDaemon(true);
        return t;
    });
    private DuckDBConnection db;
    private Manifest manifest;
    /** The local copy of an S3 lake's files, or null for a lake on disk. */
    private LakeMirror mirror;
    private long viewsVersion = -1;
    private long checkedAtNanos;
    private Set<String> views = Set.of();
    private LakeSnapshot viewed = new LakeSnapshot();
    /** The tail view the DuckDB views read (held until replaced), and the tail it is of. */
    private LakeTail.View viewedTail;
    private LakeTail viewedTailOwner;

    public LakeQueryEngine(LakeAccess lake, QuerySettings settings, LakeTailService tails) {
        this.lake = lake;
        this.tails = tails;
        this.settings = settings;
        this.slots = new Semaphore(settings.maxConcurrent(), true);
    }

    /** Runs {@code sql} (one SELECT, {@code ?} bound to {@code params} in order) and reads its result with {@code reader}. */
    public <T> T query(String sql, List<?> params, ResultReader<T> reader) throws QueryException {
        return execute(sql, params, true, settings.timeout(), null, rs -> reader.read(rs, settings.maxRows()));
    }

    /**
     * Runs {@code sql} for a streamed answer (Flight) within the streaming limits. {@code checked}
     * false is for statements the service writes itself over files it has checked (a file of the
     * manifest); every statement from a client is checked.
     */
    public void stream(String sql, List<?> params, boolean checked, ResultStreamer streamer) throws QueryException {
        stream(sql, params, checked, null, streamer);
    }

    /**
     * As {@link #stream(String, List, boolean, ResultStreamer)}; {@code onCancel} receives, before
     * the statement runs, what cancels it (a client that goes away frees its slot at once).
     */
    public void stream(String sql, List<?> params, boolean checked, java.util.function.Consumer<Runnable> onCancel,
                       ResultStreamer streamer) throws QueryException {
        execute(sql, params, checked, settings.streamTimeout(), onCancel, rs -> {
            streamer.stream(rs, settings.streamMaxRows());
            return null;
        });
    }

    /** A result column as DuckDB types it, before the statement runs. */
    public record Column(String name, String type, int precision, int scale) {
    }

    /** The result columns of {@code sql} (checked first), from the prepared statement: nothing is run. */
    public List<Column> describe(String sql) throws QueryException {
        Lease lease = views();
        try {
            try (DuckDBConnection c = (DuckDBConnection) lease.db().duplicate()) {
                checkReadOnly(c, sql);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    java.sql.ResultSetMetaData md = ps.getMetaData();
                    List<Column> out = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out.add(new Column(md.getColumnLabel(i), md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i)));
                    }
                    return out;
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            lease.release();
        }
    }

    private interface Body<T> {
        T run(ResultSet rs) throws SQLException, QueryException;
    }

    private <T> T execute(String sql, List<?> params, boolean checked, java.time.Duration timeout,
                          java.util.function.Consumer<Runnable> onCancel, Body<T> body) throws QueryException {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException(QueryException.Kind.UNAVAILABLE, "interrupted waiting for a query slot");
        }
        if (!acquired) {
            throw new QueryException(QueryException.Kind.BUSY, "too many queries at once (" + settings.maxConcurrent()
                    + " running): try again");
        }
        Lease lease = null;
        try {
            lease = views();
            try (DuckDBConnection c = (DuckDBConnection) lease.db().duplicate()) {
                if (checked) {
                    checkReadOnly(c, sql);
                }
                return run(c, sql, params, timeout, onCancel, body);
            }
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            if (lease != null) {
                lease.release();
            }
            slots.release();
        }
    }

    /** The lake tables SQL can name now. */
    public Set<String> tables() throws QueryException {
        views().release();
        synchronized (this) {
            return views;
        }
    }

    /** The committed files of {@code table} the views read now. */
    public List<LakeFile> files(String table) throws QueryException {
        tables();
        synchronized (this) {
            return viewed.files(table);
        }
    }

    private <T> T run(DuckDBConnection c, String sql, List<?> params, java.time.Duration timeout,
                      java.util.function.Consumer<Runnable> onCancel, Body<T> body) throws SQLException, QueryException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Runnable stop = () -> {
                try {
                    ps.cancel();
                } catch (SQLException e) {
                    LOG.debugf("cancel: %s", e.getMessage());
                }
            };
            AtomicBoolean cancelled = new AtomicBoolean();
            if (onCancel != null) {
                onCancel.accept(() -> {
                    cancelled.set(true);
                    stop.run();
                });
            }
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> cancel = watchdog.schedule(() -> {
                timedOut.set(true);
                stop.run();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                return body.run(rs);
            } catch (SQLException e) {
                if (cancelled.get()) {
                    throw new QueryException(QueryException.Kind.TIMEOUT, "query cancelled by the client");
                }
                if (timedOut.get()) {
                    throw new QueryException(QueryException.Kind.TIMEOUT, "query cancelled after " + timeout.toMillis()
                            + " ms (quiver.sink.query." + (timeout == settings.timeout() ? "timeout" : "stream-timeout") + ")");
                }
                throw e;
            } finally {
                cancel.cancel(false);
            }
        }
    }

    /** One SELECT, nothing else: DuckDB serializes only SELECT statements, so anything that writes or configures is refused. */
    private static void checkReadOnly(DuckDBConnection c, String sql) throws SQLException, QueryException {
        if (sql == null || sql.isBlank()) {
            throw new QueryException(QueryException.Kind.BAD_QUERY, "empty SQL statement");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                JsonNode parsed = JSON.readTree(rs.getString(1));
                if (parsed.path("error").asBoolean(false)) {
                    String why = parsed.path("error_message").asText("not a SELECT");
                    throw new QueryException(QueryException.Kind.BAD_QUERY, why.contains("Only SELECT")
                            ? "only a single SELECT statement is allowed (queries cannot write)" : oneLine(why));
                }
                if (parsed.path("statements").size() != 1) {
                    throw new QueryException(QueryException.Kind.BAD_QUERY, "exactly one SELECT statement expected, got "
                            + parsed.path("statements").size());
                }
            } catch (IOException e) {
                throw new QueryException(QueryException.Kind.BAD_QUERY, "statement not understood: " + e.getMessage());
            }
        }
    }

    /**
     * The database as a query may use it until {@link Lease#release()}: the tail files its views
     * read stay on disk until then.
     */
    private record Lease(DuckDBConnection db, LakeTail tail, LakeTail.View view, LakeMirror mirror, long version) {
        void release() {
            if (view != null) {
                tail.release(view);
            }
            if (mirror != null) {
                mirror.release(version);
            }
        }
    }

    /**
     * The database, with a view per table: the files of a manifest snapshot plus, when the tail is
     * on, the tail's rows past that snapshot's offsets, the snapshot then being the tail's (at most a
     * refresh behind). A tail that has not read the manifest for a while (broker away) is left out
     * until it catches up: answers are then as of the committed files, never stale and never twice.
     */
    private synchronized Lease views() throws QueryException {
        try {
            return refreshViews();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private Lease refreshViews() throws SQLException, QueryException {
        if (db == null) {
            open();
        }
        long now = System.nanoTime();
        if (viewsVersion >= 0 && now - checkedAtNanos < settings.refresh().toNanos()) {
            return lease();
        }
        LakeSnapshot snap;
        try {
            snap = manifest.refresh();
        } catch (IOException e) {
            throw new QueryException(QueryException.Kind.UNAVAILABLE, "the lake's manifest cannot be read: " + e.getMessage());
        }
        checkedAtNanos = now;
        LakeTail tail = tails.tail();
        LakeTail.View tv = tail == null ? null : tail.hold();
        // The tail's snapshot trails the manifest by up to a refresh: its own pairing of snapshot and
        // tail rows is used then (complete, and never behind what an earlier answer showed). Only a tail
        // that has not read the manifest for a while (a broker outage, a stuck lake) is left out.
        if (tv != null && tv.snapshot().version() < snap.version()
                && tail.snapshotAge().compareTo(settings.refresh().multipliedBy(3).plusSeconds(5)) > 0) {
            tail.release(tv);
            tv = null;
        }
        if (tv != null) {
            snap = tv.snapshot();
        }
        boolean sameTail = tv == null ? viewedTail == null : viewedTail != null && viewedTailOwner == tail
                && viewedTail.generation() == tv.generation();
        if (snap.version() == viewsVersion && sameTail) {
            if (tv != null) {
                tail.release(tv);
            }
            return lease();
        }
        if (mirror != null && snap.version() != viewsVersion) {
            try {
                mirror.sync(lake.store(), snap);
            } catch (IOException e) {
                if (tv != null) {
                    tail.release(tv);
                }
                throw new QueryException(QueryException.Kind.UNAVAILABLE, "the lake's files cannot be fetched from " + lake.location()
                        + ": " + e.getMessage());
            }
        }
        Map<String, List<LakeFile>> byTable = LakeScans.byTable(snap); // a new map: tail-only tables are added
        if (tv != null) {
            tv.files().forEach(f -> byTable.putIfAbsent(f.table(), List.of()));
        }
        Path root = root();
        Set<String> now2 = new HashSet<>();
        try (Statement s = db.createStatement()) {
            for (var e : byTable.entrySet()) {
                s.execute("CREATE OR REPLACE VIEW " + LakeScans.ident(e.getKey()) + " AS "
                        + LakeScans.view(root, e.getKey(), e.getValue(), tv));
                now2.add(e.getKey());
            }
            for (String gone : views) {
                if (!now2.contains(gone)) {
                    s.execute("DROP VIEW IF EXISTS " + LakeScans.ident(gone));
                }
            }
        } catch (SQLException e) {
            if (tv != null) {
                tail.release(tv);
            }
            throw e;
        }
        if (viewedTail != null) {
            viewedTailOwner.release(viewedTail);
        }
        viewedTail = tv;
        viewedTailOwner = tv == null ? null : tail;
        if (mirror != null) {
            // the engine holds the copies its views read, as it holds the tail's files
            mirror.hold(snap.version());
            if (viewsVersion >= 0) {
                mirror.release(viewsVersion);
            }
        }
        views = Set.copyOf(now2);
        viewsVersion = snap.version();
        viewed = snap;
        return lease();
    }

    /** The views as they are, held for one query. */
    private Lease lease() {
        if (viewedTail != null) {
            viewedTailOwner.hold(viewedTail);
        }
        if (mirror != null) {
            mirror.hold(viewsVersion);
        }
        return new Lease(db, viewedTailOwner, viewedTail, mirror, viewsVersion);
    }

    /** Where the views read committed files: the lake's folder, or the local copy of an S3 lake. */
    private Path root() {
        return mirror != null ? mirror.dir() : Path.of(lake.location()).toAbsolutePath().normalize();
    }

    /** SQL reading {@code files} of the lake (paths as the manifest has them), for the service's own statements. */
    public synchronized String scanOf(List<LakeFile> files) {
        return LakeScans.scan(root(), files);
    }

    private void open() throws SQLException, QueryException {
        String location = lake.location();
        Path root;
        try {
            if (location.startsWith("s3://")) {
                // DuckDB's S3 reader (httpfs) is not bundled: the views read local copies of the live files
                mirror = new LakeMirror(Files.createTempDirectory("quiver-lake-mirror-").toAbsolutePath().normalize());
                root = mirror.dir();
            } else {
                root = Path.of(location).toAbsolutePath().normalize();
                Files.createDirectories(root);
            }
            manifest = new Manifest(lake.store(), "query");
        } catch (IOException e) {
            throw new QueryException(QueryException.Kind.UNAVAILABLE, "lake " + location + " cannot be opened: " + e.getMessage());
        }
        // results are materialized before they are read (within the memory limit), not streamed: DuckDB's
        // streamed results report any error of the running query as "Invalid result set", hiding the reason
        DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            s.execute("SET memory_limit = '" + settings.memoryBytes() + "B'");
            s.execute("SET threads = " + settings.threads());
            s.execute("SET allowed_directories = [" + LakeScans.literal(root + "/") + ", " + LakeScans.literal(tails.dir() + "/") + "]");
            // no file outside the lake (and the tail's folder), no extensions, no attached databases, from here on
            s.execute("SET enable_external_access = false");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        db = c;
        LOG.infof("query engine: DuckDB over %s%s (memory %d MiB, %d threads, timeout %s, max %d rows)", root,
                mirror == null ? "" : " (local copies of " + location + ")",
                settings.memoryBytes() >> 20, settings.threads(), settings.timeout(), settings.maxRows());
    }

    private static QueryException failure(SQLException e) {
        String m = oneLine(e.getMessage());
        if (m.contains("Out of Memory")) {
            return new QueryException(QueryException.Kind.TOO_LARGE, "query over the memory limit (quiver.sink.query.memory-bytes): " + m);
        }
        if (m.contains("INTERRUPT") || m.contains("Interrupted")) {
            return new QueryException(QueryException.Kind.TIMEOUT, "query cancelled: " + m);
        }
        return new QueryException(QueryException.Kind.BAD_QUERY, m);
    }

    private static String oneLine(String m) {
        if (m == null) {
            return "unknown error";
        }
        String first = m.strip().lines().filter(l -> !l.isBlank()).findFirst().orElse(m);
        return first.length() > 400 ? first.substring(0, 400) + "..." : first;
    }

    @PreDestroy
    synchronized void close() {
        watchdog.shutdownNow();
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                LOG.debugf("closing DuckDB: %s", e.getMessage());
            }
            db = null;
        }
        if (mirror != null) {
            mirror.close();
        }
    }
}
