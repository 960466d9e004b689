package io.quiver.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import io.quiver.files.Folders;
import io.quiver.ingest.source.LedgerRange;
import io.quiver.ingest.source.LedgerSource;
import io.quiver.ingest.source.LedgerSourceException;
import io.quiver.ingest.source.LedgerStream;
import io.quiver.ingest.source.SourceItem;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.source.datalake.DataLakeConfig;
import io.quiver.ingest.source.datalake.DataLakeSource;
import io.quiver.ingest.source.datalake.DataLakeWriter;
import io.quiver.ingest.source.datalake.LocalObjectStore;
import io.quiver.ingest.source.datalake.ObjectStore;
import io.quiver.ingest.source.datalake.S3ObjectStore;
import io.quiver.ingest.source.files.FileLedgerSource;
import io.quiver.ingest.source.rpc.RpcLedgerSource;
import io.quiver.ingest.synthetic.MainnetLikeLedgers;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.LedgerFileException;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;

/**
 * The source of a run, resolved before anything starts: its ledger range (bounded for
 * {@code run}: to {@code --end}, to {@code --ledgers}, or to what the source holds now), its
 * network (checked: the first ledgers' transaction hashes must verify under it), and the
 * ingest-service settings that read it. The default source is the mainnet-like generator, written
 * as a Galexie data lake under {@code .quiver/generated} and read back through the data-lake source,
 * so the demo runs the real source path.
 */
final class RunSource {

    private final RunOptions options;
    private final Path root;
    private String passphrase;
    private long first;
    private OptionalLong last = OptionalLong.empty();
    private String describe;
    private long expected = -1;
    private final Map<String, String> ingest = new LinkedHashMap<>();

    RunSource(RunOptions options, Path root) {
        this.options = options;
        this.root = root;
    }

    String passphrase() {
        return passphrase;
    }

    long first() {
        return first;
    }

    /** The last ledger of a bounded run; empty when following. */
    OptionalLong last() {
        return last;
    }

    String describe() {
        return describe;
    }

    /** Ledgers a bounded run publishes (files may hold fewer than the range spans); -1 when following. */
    long expectedLedgers() {
        return expected >= 0 ? expected : last.isPresent() ? last.getAsLong() - first + 1 : -1;
    }

    private long count(LedgerSource s) throws IOException, InterruptedException {
        long n = 0;
        try (LedgerStream stream = s.open(LedgerRange.bounded(first, last.getAsLong()))) {
            SourceItem item;
            while ((item = stream.next()) != null) {
                if (item instanceof SourcedLedger) {
                    n++;
                }
            }
        }
        return n;
    }

    /** ingest-service settings reading this source over the range. */
    Map<String, String> ingestProperties() {
        return ingest;
    }

    /** The folder the generator writes (the data lake ingest reads). */
    Path generatedLake() {
        return QuiverCli.state(root).resolve("generated").resolve("seed-" + options.seed() + "-tx-" + options.transactions());
    }

    /**
     * Resolves the source and its range; {@code bounded} for {@code run}, following for {@code up}.
     * A source that does not exist, cannot be read, or whose hashes do not verify under the network
     * is a {@link UsageException} (one line, exit 2).
     */
    void resolve(boolean bounded) {
        try {
            switch (options.source()) {
                case GENERATED -> generated(bounded);
                case FILES -> files(bounded);
                case DATALAKE -> datalake(bounded);
                case RPC -> rpc(bounded);
            }
        } catch (LedgerSourceException | LedgerFileException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException(describeSource() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted");
        }
        ingest.put("quiver.ingest.start-ledger", String.valueOf(first));
        last.ifPresent(l -> ingest.put("quiver.ingest.end-ledger", String.valueOf(l)));
    }

    /** Writes the generated chain's ledgers {@code first..last} (only for the generated source of {@code run}). */
    void writeGenerated(java.io.PrintStream out) throws IOException {
        Path dir = generatedLake();
        long n = last.getAsLong() - first + 1;
        Folders.deleteTree(dir);
        DataLakeWriter writer = generatedLakeWriter();
        MainnetLikeLedgers g = generator();
        long t0 = System.nanoTime();
        List<SourcedLedger> chunk = new ArrayList<>();
        while (g.nextSequence() <= last.getAsLong()) {
            long seq = g.nextSequence();
            chunk.add(new SourcedLedger(seq, g.next(), "generated ledger " + seq));
            if (chunk.size() == 64 || g.nextSequence() > last.getAsLong()) {
                writer.write(chunk);
                chunk.clear();
            }
        }
        out.printf("generated %d ledgers (seed %d, %d transactions each) in %.1f s: %s%n", n, options.seed(), options.transactions(),
                (System.nanoTime() - t0) / 1e9, dir);
    }

    /** The generated data lake's layout: one ledger per object (as Galexie writes pubnet), zstd. */
    DataLakeConfig generatedLakeConfig() {
        return new DataLakeConfig(passphrase, 1, DataLakeConfig.DEFAULT_FILES_PER_PARTITION, "zstd");
    }

    /** A writer of the generated data lake, its folder and {@code .config.json} made. */
    DataLakeWriter generatedLakeWriter() throws IOException {
        Files.createDirectories(generatedLake());
        DataLakeWriter writer = new DataLakeWriter(new LocalObjectStore(generatedLake()), generatedLakeConfig());
        writer.writeConfig();
        return writer;
    }

    MainnetLikeLedgers generator() {
        return new MainnetLikeLedgers(new MainnetLikeLedgers.Settings(options.seed(), options.transactions(), 2000, passphrase));
    }

    private void generated(boolean bounded) {
        passphrase = options.network().orElse(NetworkIds.QUIVER_GENERATED);
        first = options.start().orElse(MainnetLikeLedgers.FIRST);
        if (first != MainnetLikeLedgers.FIRST) {
            throw new UsageException("the generated chain starts at ledger " + MainnetLikeLedgers.FIRST + " (--start applies to real sources)");
        }
        if (bounded) {
            last = OptionalLong.of(options.end().orElse(first + options.ledgers().orElse(RunOptions.DEFAULT_DEMO_LEDGERS) - 1));
        }
        describe = "generated mainnet-like ledgers (seed " + options.seed() + ", " + options.transactions() + " transactions per ledger)";
        ingest.put("quiver.ingest.source", "datalake");
        ingest.put("quiver.ingest.datalake.location", generatedLake().toString());
        ingest.put("quiver.ingest.datalake.poll-interval", "1s");
    }

    private void files(boolean bounded) throws IOException, InterruptedException {
        for (Path f : options.files()) {
            if (!Files.isRegularFile(f)) {
                throw new UsageException(f + ": " + (Files.exists(f) ? "not a file" : "no such file"));
            }
        }
        passphrase = options.network().orElseThrow();
        // files of sample ledgers far apart (the mainnet examples) are read as they are: the ledgers between are gaps
        try (FileLedgerSource s = new FileLedgerSource(options.files(), passphrase, java.time.Duration.ofSeconds(5),
                io.quiver.ingest.source.CorruptObjectPolicy.SKIP)) {
            range(s, bounded, s.defaultStart());
            if (bounded) {
                expected = count(s);
            }
        }
        ingest.put("quiver.ingest.on-corrupt", "skip");
        describe = options.files().stream().map(Path::toString).collect(Collectors.joining(", "));
        ingest.put("quiver.ingest.source", "files");
        ingest.put("quiver.ingest.files.paths", options.files().stream().map(p -> p.toAbsolutePath().toString())
                .collect(Collectors.joining(",")));
        ingest.put("quiver.ingest.network-passphrase", passphrase);
    }

    private void datalake(boolean bounded) throws IOException, InterruptedException {
        String location = options.datalake().orElseThrow();
        ObjectStore store;
        Optional<URI> endpoint = Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")).map(URI::create);
        if (location.startsWith("s3://")) {
            store = new S3ObjectStore(S3ObjectStore.parse(location, "us-east-1", endpoint, false));
            endpoint.ifPresent(e -> ingest.put("quiver.ingest.datalake.s3-endpoint", e.toString()));
        } else {
            Path dir = Path.of(location).toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                throw new UsageException("data lake " + location + ": " + (Files.exists(dir) ? "not a folder" : "no such folder"));
            }
            store = new LocalObjectStore(dir);
            location = dir.toString();
        }
        try (DataLakeSource s = DataLakeSource.open(store, DataLakeSource.Settings.defaults(), options.network())) {
            passphrase = s.networkPassphrase();
            if (options.network().isPresent() && !options.network().get().equals(passphrase)) {
                throw new UsageException("data lake " + location + " declares network '" + passphrase + "', not '" + options.network().get() + "'");
            }
            range(s, bounded, OptionalLong.empty());
            describe = s.describe();
        }
        ingest.put("quiver.ingest.source", "datalake");
        ingest.put("quiver.ingest.datalake.location", location);
        options.network().ifPresent(n -> ingest.put("quiver.ingest.network-passphrase", n));
    }

    private void rpc(boolean bounded) throws IOException, InterruptedException {
        URI url = URI.create(options.rpc().orElseThrow());
        try (RpcLedgerSource s = RpcLedgerSource.open(RpcLedgerSource.Settings.of(url, options.network()))) {
            passphrase = s.networkPassphrase();
            range(s, bounded, OptionalLong.empty());
            describe = s.describe();
        }
        ingest.put("quiver.ingest.source", "rpc");
        ingest.put("quiver.ingest.rpc.url", url.toString());
        options.network().ifPresent(n -> ingest.put("quiver.ingest.network-passphrase", n));
    }

    /** The range from the options and what the source holds; then the network check on its first ledgers. */
    private void range(LedgerSource s, boolean bounded, OptionalLong defaultStart) throws IOException, InterruptedException {
        long latest = s.latestLedger();
        if (latest < 0) {
            throw new UsageException(s.describe() + " holds no ledgers");
        }
        long n = options.ledgers().orElse(RunOptions.DEFAULT_RECENT_LEDGERS);
        first = options.start().orElse(defaultStart.orElse(Math.max(2, (options.end().orElse(latest)) - n + 1)));
        if (bounded) {
            long end = options.end().orElse(options.ledgers().isPresent() || defaultStart.isEmpty() ? first + n - 1 : latest);
            last = OptionalLong.of(Math.min(end, latest));
            if (last.getAsLong() < first) {
                throw new UsageException(s.describe() + " holds ledgers up to " + latest + ", before the start " + first);
            }
        }
        checkNetwork(s);
    }

    /** The first ledgers with transactions must have envelopes whose hashes under the network are their results' hashes. */
    private void checkNetwork(LedgerSource s) throws IOException, InterruptedException {
        byte[] networkId = NetworkIds.networkId(passphrase);
        // up to 20 ledgers, until one with transactions (files of sample ledgers skip far ahead between them)
        long to = last.isPresent() ? last.getAsLong() : first + 19;
        int looked = 0;
        try (LedgerStream stream = s.open(LedgerRange.bounded(first, to))) {
            SourceItem item;
            while (looked < 20 && (item = stream.next()) != null) {
                if (item instanceof SourcedLedger l) {
                    looked++;
                    LedgerView view = new LedgerView(LedgerCloseMeta.fromXdr(l.xdr()));
                    try {
                        LedgerTransactions.of(view, networkId);
                    } catch (LedgerFileException e) {
                        throw new UsageException(l.where() + ": transaction hashes do not verify under network '" + passphrase
                                + "' (a wrong --network?): " + e.getMessage());
                    }
                    if (!view.processing().isEmpty()) {
                        return;
                    }
                }
            }
        }
    }

    private String describeSource() {
        return switch (options.source()) {
            case GENERATED -> "generator";
            case FILES -> options.files().toString();
            case DATALAKE -> "data lake " + options.datalake().orElse("");
            case RPC -> "RPC " + options.rpc().orElse("");
        };
    }
}
