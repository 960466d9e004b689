package io.quiver.ingest.source.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.quiver.ingest.source.CorruptObjectPolicy;
import io.quiver.ingest.source.LedgerGap;
import io.quiver.ingest.source.LedgerRange;
import io.quiver.ingest.source.LedgerSource;
import io.quiver.ingest.source.LedgerSourceException;
import io.quiver.ingest.source.LedgerStream;
import io.quiver.ingest.source.SourceItem;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.stellar.ledger.LedgerFileException;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;

/**
 * Ledgers from plain files and folders of every form {@code quiver ledgers} reads (XDR, base64
 * lines, record-marked or batch zstd, RPC JSON). Folders are read recursively. Following the tip
 * re-lists the folders for new files. Each file is read whole, so this suits files up to a few
 * hundred MB; use the data lake for history.
 */
public final class FileLedgerSource implements LedgerSource {

    private final List<Path> paths;
    private final String passphrase;
    private final Duration pollInterval;
    private final CorruptObjectPolicy onMissing;

    public FileLedgerSource(List<Path> paths, String passphrase, Duration pollInterval) {
        this(paths, passphrase, pollInterval, CorruptObjectPolicy.STOP);
    }

    /**
     * {@code onMissing}: what a ledger of the range that none of the files holds, below the files'
     * newest, is: an error ({@code STOP}), or a {@link LedgerGap} and the next ledger found
     * ({@code SKIP}: files of sample ledgers far apart, like the mainnet examples).
     */
    public FileLedgerSource(List<Path> paths, String passphrase, Duration pollInterval, CorruptObjectPolicy onMissing) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no ledger files or folders given");
        }
        this.paths = List.copyOf(paths);
        this.passphrase = passphrase;
        this.pollInterval = pollInterval;
        this.onMissing = onMissing;
    }

    @Override
    public String networkPassphrase() {
        return passphrase;
    }

    @Override
    public String kind() {
        return "file";
    }

    @Override
    public String describe() {
        return "files " + paths;
    }

    @Override
    public long latestLedger() throws IOException {
        Scan s = new Scan();
        s.read(files(), 0);
        return s.ledgers.isEmpty() ? -1 : s.ledgers.lastKey();
    }

    /** The oldest ledger in the files. */
    @Override
    public java.util.OptionalLong defaultStart() throws IOException {
        Scan s = new Scan();
        s.read(files(), 0);
        return s.ledgers.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(s.ledgers.firstKey());
    }

    @Override
    public LedgerStream open(LedgerRange range) {
        return new FileStream(range);
    }

    @Override
    public void close() {
    }

    private List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted(Comparator.naturalOrder()).forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new LedgerSourceException(p + ": no such file or folder");
            }
        }
        return out;
    }

    /** Ledgers found in files, by sequence; a second copy of a sequence is an error naming both places. */
    private static final class Scan {
        final TreeMap<Long, SourcedLedger> ledgers = new TreeMap<>();

        void read(List<Path> files, long from) throws LedgerSourceException {
            for (Path f : files) {
                List<RawLedger> raws;
                try {
                    raws = LedgerFiles.read(f).ledgers();
                } catch (IOException | LedgerFileException e) {
                    throw new LedgerSourceException(f + ": " + e.getMessage(), e);
                }
                for (RawLedger raw : raws) {
                    long seq = new io.quiver.stellar.ledger.LedgerView(raw.decode()).sequence();
                    if (seq < from) {
                        continue;
                    }
                    SourcedLedger l = new SourcedLedger(seq, raw.bytes(), raw.where());
                    SourcedLedger before = ledgers.putIfAbsent(seq, l);
                    if (before != null && !java.util.Arrays.equals(before.xdr(), l.xdr())) {
                        throw new LedgerSourceException("ledger " + seq + " differs between " + before.where() + " and "
                                + l.where());
                    }
                }
            }
        }
    }

    private final class FileStream implements LedgerStream {
        private final LedgerRange range;
        private final Set<Path> seen = new HashSet<>();
        private final TreeMap<Long, SourcedLedger> pending = new TreeMap<>();
        private long next;
        private boolean scanned;

        FileStream(LedgerRange range) {
            this.range = range;
            this.next = range.start();
        }

        @Override
        public SourceItem next() throws IOException, InterruptedException {
            while (true) {
                if (range.isAfterEnd(next)) {
                    return null;
                }
                SourcedLedger l = pending.remove(next);
                if (l != null) {
                    next++;
                    return l;
                }
                if (scanned && range.bounded() && (pending.isEmpty() || pending.lastKey() < next)) {
                    // a bounded range over files ends where the files end
                    return null;
                }
                if (scanned && !pending.isEmpty() && pending.firstKey() > next) {
                    if (onMissing == CorruptObjectPolicy.SKIP) {
                        LedgerGap gap = new LedgerGap(next, pending.firstKey() - 1, paths.toString(), "in none of the files");
                        next = pending.firstKey();
                        return gap;
                    }
                    throw new LedgerSourceException("ledgers " + next + ".." + (pending.firstKey() - 1)
                            + " are in none of " + paths + " (next found: " + pending.firstKey() + " in "
                            + pending.firstEntry().getValue().where() + ")");
                }
                if (scanned) {
                    Thread.sleep(pollInterval.toMillis());
                }
                List<Path> fresh = new ArrayList<>();
                for (Path f : files()) {
                    if (seen.add(f)) {
                        fresh.add(f);
                    }
                }
                Scan s = new Scan();
                s.read(fresh, next);
                pending.putAll(s.ledgers);
                scanned = true;
            }
        }

        @Override
        public boolean ready() {
            return pending.containsKey(next);
        }

        @Override
        public void close() {
            pending.clear();
        }
    }
}
