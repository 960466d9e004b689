package io.quiver.ingest.source.datalake;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.quiver.ingest.source.CorruptObjectPolicy;
import io.quiver.ingest.source.LedgerGap;
import io.quiver.ingest.source.LedgerRange;
import io.quiver.ingest.source.LedgerSource;
import io.quiver.ingest.source.LedgerSourceException;
import io.quiver.ingest.source.LedgerStream;
import io.quiver.ingest.source.SourceItem;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.stellar.ledger.GalexieBatch;
import io.quiver.stellar.ledger.LedgerFileException;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;

/**
 * Ledgers from a Galexie data lake on any {@link ObjectStore}. Objects are fetched and
 * decompressed ahead by a small pool ({@code prefetch} at a time) and delivered in ledger order.
 * The tip is the first object of a listing (keys sort newest first); following it polls.
 *
 * <p>An object that is absent while later ledgers exist, that is not zstd of a
 * {@code LedgerCloseMetaBatch}, or that holds other ledgers than its key says, is corrupt: the
 * {@link CorruptObjectPolicy} stops with an error naming the key and ledgers, or yields a
 * {@link LedgerGap}. Storage errors (network, permissions) are retried and then stop, whatever the
 * policy: they say nothing about the object.
 */
public final class DataLakeSource implements LedgerSource {

    /** Tuning and policy. {@code prefetch}: objects fetched ahead; {@code pollInterval}: tip polling. */
    public record Settings(int prefetch, Duration pollInterval, CorruptObjectPolicy onCorrupt, int fetchAttempts) {
        public Settings {
            if (prefetch < 1 || fetchAttempts < 1) {
                throw new IllegalArgumentException("prefetch and fetchAttempts must be positive");
            }
        }

        public static Settings defaults() {
            return new Settings(4, Duration.ofSeconds(5), CorruptObjectPolicy.STOP, 3);
        }
    }

    private static final int LIST_MAX = 32;

    private final ObjectStore store;
    private final DataLakeConfig config;
    private final DataLakeKeys keys;
    private final Settings settings;
    private final ExecutorService pool;
    /** Extension of the lake's objects, learnt from the listing or the first object found. */
    private volatile String extension;

    private DataLakeSource(ObjectStore store, DataLakeConfig config, Settings settings) {
        this.store = store;
        this.config = config;
        this.keys = new DataLakeKeys(config);
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.prefetch(), r -> {
            Thread t = new Thread(r, "datalake-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the lake: reads {@code .config.json}, or, when a lake has none, uses Galexie's default
     * layout with {@code fallbackPassphrase} (an error when that is empty too).
     */
    public static DataLakeSource open(ObjectStore store, Settings settings, Optional<String> fallbackPassphrase)
            throws IOException {
        byte[] manifest = store.get(DataLakeConfig.FILE_NAME);
        DataLakeConfig config;
        if (manifest != null) {
            config = DataLakeConfig.parse(manifest, store.describe() + "/" + DataLakeConfig.FILE_NAME);
        } else if (fallbackPassphrase.isPresent()) {
            config = new DataLakeConfig(fallbackPassphrase.get(), DataLakeConfig.DEFAULT_LEDGERS_PER_FILE,
                    DataLakeConfig.DEFAULT_FILES_PER_PARTITION, "zstd");
        } else {
            throw new LedgerSourceException(store.describe() + ": no " + DataLakeConfig.FILE_NAME
                    + " in the data lake and no network passphrase configured");
        }
        return new DataLakeSource(store, config, settings);
    }

    public DataLakeConfig config() {
        return config;
    }

    @Override
    public String networkPassphrase() {
        return config.networkPassphrase();
    }

    @Override
    public String kind() {
        return "datalake";
    }

    @Override
    public String describe() {
        return "data lake " + store.describe();
    }

    @Override
    public long latestLedger() throws IOException {
        String folder = "";
        if (keys.partitioned()) {
            folder = first(store.list("", LIST_MAX), true);
            if (folder == null) {
                return -1;
            }
        }
        String object = first(store.list(folder, LIST_MAX), false);
        if (object == null) {
            return -1;
        }
        if (extension == null) {
            extension = DataLakeKeys.extensionOf(object);
        }
        return keys.lastLedgerOf(object);
    }

    private static String first(List<String> names, boolean partitions) {
        for (String n : names) {
            if (partitions ? DataLakeKeys.isPartition(n) : DataLakeKeys.extensionOf(n) != null) {
                return n;
            }
        }
        return null;
    }

    @Override
    public LedgerStream open(LedgerRange range) throws IOException {
        return new Stream(range, latestLedger());
    }

    @Override
    public void close() {
        pool.shutdownNow();
        store.close();
    }

    /** What fetching one object found. */
    private sealed interface Fetched permits Found, Absent, Corrupt {
    }

    private record Found(String key, GalexieBatch batch) implements Fetched {
    }

    private record Absent(String key) implements Fetched {
    }

    private record Corrupt(String key, String reason) implements Fetched {
    }

    private record Pending(long objectStart, Future<Fetched> result) {
    }

    private Fetched fetch(long objectStart) throws IOException, InterruptedException {
        String ext = extension;
        List<String> candidates = ext == null ? List.of(DataLakeKeys.EXTENSION, DataLakeKeys.OLD_EXTENSION)
                : List.of(ext, ext.equals(DataLakeKeys.EXTENSION) ? DataLakeKeys.OLD_EXTENSION : DataLakeKeys.EXTENSION);
        String firstKey = keys.objectKey(objectStart, candidates.get(0));
        for (String e : candidates) {
            String key = keys.objectKey(objectStart, e);
            byte[] bytes = getWithRetries(key);
            if (bytes == null) {
                continue;
            }
            extension = e;
            try {
                GalexieBatch batch = LedgerFiles.galexieObject(key, bytes);
                long end = keys.objectEnd(objectStart);
                if (batch.start() != objectStart || batch.end() != end) {
                    return new Corrupt(key, "holds ledgers " + batch.start() + ".." + batch.end() + " where its key says "
                            + objectStart + ".." + end);
                }
                return new Found(key, batch);
            } catch (LedgerFileException ex) {
                return new Corrupt(key, ex.getMessage());
            }
        }
        return new Absent(firstKey);
    }

    private byte[] getWithRetries(String key) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 1; attempt <= settings.fetchAttempts(); attempt++) {
            try {
                return store.get(key);
            } catch (IOException e) {
                last = e;
                Thread.sleep(200L << Math.min(attempt, 6));
            }
        }
        throw new LedgerSourceException("data lake object " + key + ": " + last.getMessage()
                + " (after " + settings.fetchAttempts() + " attempts)", last);
    }

    private final class Stream implements LedgerStream {
        private final LedgerRange range;
        private final ArrayDeque<Pending> inflight = new ArrayDeque<>();
        private final ArrayDeque<SourceItem> ready = new ArrayDeque<>();
        private long next;
        private long scheduled;
        private long knownLatest;

        Stream(LedgerRange range, long latest) {
            this.range = range;
            this.next = range.start();
            this.scheduled = keys.objectStart(range.start());
            this.knownLatest = latest;
        }

        @Override
        public SourceItem next() throws IOException, InterruptedException {
            while (true) {
                if (!ready.isEmpty()) {
                    // keep the look-ahead full while the caller works on this ledger
                    schedule();
                    return ready.poll();
                }
                if (range.isAfterEnd(next)) {
                    return null;
                }
                schedule();
                if (inflight.isEmpty()) {
                    // caught up with the tip: wait for Galexie to write the next object
                    Thread.sleep(settings.pollInterval().toMillis());
                    knownLatest = latestLedger();
                    continue;
                }
                Pending p = inflight.poll();
                handle(p.objectStart(), await(p));
            }
        }

        private Fetched await(Pending p) throws IOException, InterruptedException {
            try {
                return p.result().get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                if (c instanceof InterruptedException ie) {
                    throw ie;
                }
                throw new LedgerSourceException("data lake object of ledger " + p.objectStart() + ": " + c, c);
            } catch (CancellationException e) {
                throw new InterruptedException("fetch cancelled");
            }
        }

        private void handle(long objectStart, Fetched fetched) throws IOException, InterruptedException {
            long objectEnd = keys.objectEnd(objectStart);
            if (fetched instanceof Found f) {
                List<RawLedger> ledgers = f.batch().ledgers();
                for (int i = 0; i < ledgers.size(); i++) {
                    long seq = objectStart + i;
                    if (seq >= next && !range.isAfterEnd(seq)) {
                        RawLedger raw = ledgers.get(i);
                        ready.add(new SourcedLedger(seq, raw.bytes(), store.describe() + "/" + raw.where()));
                    }
                }
                next = objectEnd + 1;
            } else if (fetched instanceof Absent a) {
                knownLatest = latestLedger();
                if (knownLatest >= objectEnd) {
                    corrupt(objectStart, a.key(), "missing, while the lake holds ledgers up to " + knownLatest);
                } else {
                    // not written yet: drop the look-ahead and poll for it
                    cancelInflight();
                    scheduled = objectStart;
                    Thread.sleep(settings.pollInterval().toMillis());
                    knownLatest = latestLedger();
                }
            } else if (fetched instanceof Corrupt c) {
                corrupt(objectStart, c.key(), c.reason());
            }
        }

        private void corrupt(long objectStart, String key, String reason) throws LedgerSourceException {
            long first = Math.max(next, objectStart);
            long last = keys.objectEnd(objectStart);
            if (range.end().isPresent()) {
                last = Math.min(last, range.end().getAsLong());
            }
            String where = store.describe() + "/" + key;
            if (settings.onCorrupt() == CorruptObjectPolicy.STOP) {
                throw new LedgerSourceException("data lake object " + where + " (ledgers " + first + ".." + last + "): "
                        + reason);
            }
            ready.add(new LedgerGap(first, last, where, reason));
            next = keys.objectEnd(objectStart) + 1;
        }

        private void schedule() {
            while (inflight.size() < settings.prefetch() && !range.isAfterEnd(scheduled) && scheduled <= knownLatest) {
                long start = scheduled;
                inflight.add(new Pending(start, pool.submit(() -> fetch(start))));
                scheduled = keys.objectEnd(start) + 1;
            }
        }

        private void cancelInflight() {
            inflight.forEach(p -> p.result().cancel(true));
            inflight.clear();
        }

        /** Ledgers are buffered or being fetched: only at the tip does {@link #next} wait for the lake. */
        @Override
        public boolean ready() {
            return !ready.isEmpty() || !inflight.isEmpty();
        }

        @Override
        public void close() {
            cancelInflight();
        }
    }
}
