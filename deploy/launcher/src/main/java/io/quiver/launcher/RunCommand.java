package io.quiver.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import io.quiver.files.Folders;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.source.datalake.DataLakeKeys;
import io.quiver.ingest.source.datalake.DataLakeWriter;
import io.quiver.ingest.synthetic.MainnetLikeLedgers;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./quiver run}: the whole pipeline on one machine, from a source to the lake, until the
 * source's range is in the lake; then the summary, and everything stops (exit 0). {@code ./quiver
 * up}: the same cluster following the source for ever (Ctrl-C stops it). Bad input (a source that
 * does not exist, a wrong network, a port in use, a lake that cannot be written) is one line and
 * exit 2 before anything starts; a stage that fails while running is exit 1 with its reason.
 */
final class RunCommand {

    /** A run gives up when nothing moved for this long (a stage stuck without saying so). */
    static final Duration STALL = Duration.ofMinutes(5);
    /** A stage reporting DOWN this long ends the run with its reason (shorter outages are retried by the stage). */
    static final Duration DOWN_LIMIT = Duration.ofMinutes(2);
    /** Oracle rounds a run simulates at least (one every 500 ms). */
    static final long MIN_LLO_ROUNDS = 10;

    private final Path root;
    private final PrintStream out;

    RunCommand(Path root, PrintStream out) {
        this.root = root;
        this.out = out;
    }

    int run(List<String> args) throws IOException, InterruptedException {
        RunOptions o = RunOptions.parse(args, root);
        LocalCluster cluster = new LocalCluster(root, o.kafka(), o.brokerPort(), out);
        List<String> taken = cluster.portsInUse(true);
        if (!taken.isEmpty()) {
            throw new UsageException("port " + String.join(", ", taken) + " in use (is ./quiver up or another run still running?)");
        }
        RunSource source = new RunSource(o, root);
        source.resolve(true);
        prepareLake(o); // after the source is known good: bad input never empties the lake of an earlier run
        long last = source.last().getAsLong();
        out.printf("run: %s, ledgers %d..%d -> lake %s%n", source.describe(), source.first(), last, o.lake());
        if (o.source() == RunOptions.SourceKind.GENERATED) {
            source.writeGenerated(out);
        }
        if (o.kafka().isEmpty()) {
            // a run starts from an empty broker: its summary counts this run's records only
            Folders.deleteTree(cluster.brokerData());
        }
        long wallStart = System.nanoTime();
        LloSimulator llo = null;
        try (cluster) {
            cluster.startBroker();
            if (o.kafka().isPresent()) {
                requireEmpty(cluster.bootstrap());
            }
            if (!cluster.startServices(serviceProperties(o, source, writeChannels(root, o.lloStreams()), true))) {
                return 1;
            }
            out.println("dashboard: http://127.0.0.1:8081/   live feed: ws://127.0.0.1:8080/v1/events/live   SQL: ./quiver query \"...\"");
            try (PipelineWatch watch = new PipelineWatch(cluster.bootstrap(), o.lake())) {
                if (o.lloNodes() > 0) {
                    llo = new LloSimulator(cluster.bootstrap(), o.lloNodes(), o.lloStreams(), o.seed(), 500);
                    llo.start();
                }
                Progress progress = new Progress(out, source.first(), last);
                long ready = cluster.sourceStartedNanos();
                double ingestDone = -1;
                double ttpDone = -1;
                double lakeDone = -1;
                long lastChange = System.nanoTime();
                String lastState = "";
                long downSince = 0;
                boolean lloStopped = false;
                while (lakeDone < 0) {
                    Thread.sleep(1000);
                    PipelineWatch.Snapshot s = watch.look();
                    progress.show(s);
                    double at = (System.nanoTime() - ready) / 1e9;
                    for (ServiceProcess p : cluster.processes()) {
                        OptionalInt code = p.exitCode();
                        if (code.isPresent()) {
                            progress.end();
                            out.println(p.name() + " exited with code " + code.getAsInt() + "; the end of its log (" + p.log() + "):");
                            LocalCluster.tail(p.log(), 15).forEach(l -> out.println("  " + l));
                            return 1;
                        }
                    }
                    if (!s.down().isEmpty()) {
                        downSince = downSince == 0 ? System.nanoTime() : downSince;
                        if (System.nanoTime() - downSince > DOWN_LIMIT.toNanos()) {
                            progress.end();
                            out.println("a stage is DOWN for " + DOWN_LIMIT.toMinutes() + " minutes: " + String.join("; ", s.down()));
                            return 1;
                        }
                    } else {
                        downSince = 0;
                    }
                    if (ingestDone < 0 && s.ingestNext() > last) {
                        ingestDone = at;
                    }
                    if (ingestDone >= 0 && llo != null && !lloStopped && llo.rounds() >= MIN_LLO_ROUNDS) {
                        // the oracle rounds stop with the ledgers (after a few, however short the run), so the run can end
                        llo.close();
                        lloStopped = true;
                    }
                    if (ingestDone >= 0 && (llo == null || lloStopped) && ttpDone < 0 && watch.caughtUp("ttp-service", List.of(Topics.STELLAR_LEDGERS))
                            && (llo == null || watch.caughtUp("llo-service", List.of(Topics.LLO_OBSERVATIONS)))) {
                        ttpDone = at;
                    }
                    if (ttpDone >= 0 && watch.lakeComplete()) {
                        lakeDone = at;
                    }
                    String state = s.ingestNext() + " " + s.lags() + " " + s.lake().values().stream().mapToLong(v -> v[0]).sum();
                    if (!state.equals(lastState)) {
                        lastState = state;
                        lastChange = System.nanoTime();
                    } else if (System.nanoTime() - lastChange > STALL.toNanos()) {
                        progress.end();
                        out.println("nothing moved for " + STALL.toMinutes() + " minutes (ingest " + s.ingestState()
                                + (s.ingestReason() == null ? "" : ": " + s.ingestReason()) + ", lags " + s.lags() + "); giving up");
                        return 1;
                    }
                }
                progress.end();
                double wall = (System.nanoTime() - wallStart) / 1e9;
                RunSummary summary;
                try {
                    summary = RunSummary.of(source, o.lake(), new RunSummary.Timings(wall, ingestDone, ttpDone, lakeDone),
                            watch.lakeTables(), deadLetters(cluster.bootstrap()), llo == null ? 0 : llo.rounds());
                } catch (java.sql.SQLException e) {
                    out.println("the lake could not be read back with DuckDB: " + e.getMessage());
                    return 1;
                }
                summary.print(out, root);
                if (o.summaryJson().isPresent()) {
                    summary.writeJson(o.summaryJson().get());
                    out.println("summary JSON: " + o.summaryJson().get());
                }
            }
        } finally {
            if (llo != null) {
                llo.close();
            }
        }
        out.println("stopped everything.");
        return 0;
    }

    int up(List<String> args) {
        RunOptions o = RunOptions.parse(args, root);
        LocalCluster cluster = new LocalCluster(root, o.kafka(), o.brokerPort(), out);
        List<String> taken = cluster.portsInUse(true);
        if (!taken.isEmpty()) {
            throw new UsageException("port " + String.join(", ", taken) + " in use (is ./quiver up or a run still running?)");
        }
        checkWritable(o.lake());
        RunSource source = new RunSource(o, root);
        source.resolve(false);
        out.println("up: " + source.describe() + " from ledger " + source.first() + ", following -> lake " + o.lake());
        Thread[] feeder = new Thread[1];
        LloSimulator[] llo = new LloSimulator[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (feeder[0] != null) {
                feeder[0].interrupt();
            }
            if (llo[0] != null) {
                llo[0].close();
            }
        }, "quiver-up-feeds-stop"));
        Path channels;
        try {
            channels = writeChannels(root, o.lloStreams());
        } catch (IOException e) {
            throw new UsageException("cannot write " + QuiverCli.state(root).resolve("llo-channels.json") + ": " + e.getMessage());
        }
        if (o.source() == RunOptions.SourceKind.GENERATED) {
            // the data lake exists (its config, then ledger after ledger) before ingest looks at it
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            feeder[0] = new Thread(() -> feedGenerated(source, o.ledgersPerSecond(), started), "generator");
            feeder[0].setDaemon(true);
            feeder[0].start();
            try {
                started.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        return cluster.runUntilStopped(serviceProperties(o, source, channels, false), true, () -> {
            if (o.lloNodes() > 0) {
                llo[0] = new LloSimulator(cluster.bootstrap(), o.lloNodes(), o.lloStreams(), o.seed(), 500);
                llo[0].start();
            }
        });
    }

    /**
     * For {@code up}: the generated chain written into its data lake at {@code rate} ledgers a
     * second, for ever; ledgers an earlier {@code up} wrote are regenerated (the chain's state needs
     * them) but not written again.
     */
    private void feedGenerated(RunSource source, double rate, java.util.concurrent.CountDownLatch started) {
        Path dir = source.generatedLake();
        try {
            DataLakeWriter writer = source.generatedLakeWriter();
            DataLakeKeys keys = new DataLakeKeys(source.generatedLakeConfig());
            MainnetLikeLedgers g = source.generator();
            long pauseNanos = (long) (1e9 / Math.max(0.01, rate));
            while (!Thread.currentThread().isInterrupted()) {
                long seq = g.nextSequence();
                byte[] xdr = g.next();
                if (Files.exists(dir.resolve(keys.objectKey(seq, DataLakeKeys.EXTENSION)))) {
                    continue;
                }
                writer.write(List.of(new SourcedLedger(seq, xdr, "generated ledger " + seq)));
                started.countDown();
                TimeUnit.NANOSECONDS.sleep(pauseNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            out.println("generator stopped: " + e.getMessage());
        } finally {
            started.countDown();
        }
    }

    /** Each service's settings for this run: the source for ingest, the lake for the sink, the DON size for llo. */
    static Map<String, Map<String, String>> serviceProperties(RunOptions o, RunSource source, Path channelsFile, boolean bounded) {
        Map<String, Map<String, String>> p = new LinkedHashMap<>();
        p.put("ingest-service", source.ingestProperties());
        // ttp-service knows the public networks; any other network of the source is named to it (commas escaped in a list)
        p.put("ttp-service", Map.of("quiver.ttp.network-passphrases", source.passphrase().replace(",", "\\,")));
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("quiver.sink.lake", o.lake().toString());
        // a run ends when the lake holds everything: open files close after a few seconds instead of a minute
        sink.put("quiver.sink.max-file-age", bounded ? "3s" : "15s");
        p.put("sink-service", sink);
        Map<String, String> llo = new LinkedHashMap<>();
        llo.put("quiver.llo.nodes", String.valueOf(Math.max(4, o.lloNodes())));
        llo.put("quiver.llo.round-timeout", "2s");
        if (o.lloNodes() > 0) {
            llo.put("quiver.llo.channels-file", channelsFile.toString());
        }
        p.put("llo-service", llo);
        return p;
    }

    /**
     * The simulated DON's channels for llo-service: channel N reports stream N's median (JSON
     * reports), so every simulated stream is aggregated and lands in the lake.
     */
    static Path writeChannels(Path root, int streams) throws IOException {
        StringBuilder json = new StringBuilder("{\"channels\": {");
        for (int s = 1; s <= streams; s++) {
            json.append(s > 1 ? ",\n" : "\n").append("  \"").append(s).append("\": {\"reportFormat\": \"json\", \"streams\": [{\"streamId\": ")
                    .append(s).append(", \"aggregator\": \"median\"}], \"tombstone\": false}");
        }
        json.append("\n}}\n");
        Path file = QuiverCli.state(root).resolve("llo-channels.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    /**
     * The default lake ({@code .quiver/lake}) is emptied: a run writes a new lake, since its offsets
     * start again on a new broker. A lake named with {@code --lake} must be empty or new: an old
     * lake's manifest would take the new offsets for ones it already holds.
     */
    private static void prepareLake(RunOptions o) throws IOException {
        Path lake = o.lake();
        if (o.defaultLake()) {
            Folders.deleteTree(lake);
        } else if (Files.isDirectory(lake)) {
            try (var entries = Files.list(lake)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException("lake " + lake + " is not empty: a run writes a new lake (name an empty or new folder)");
                }
            }
        } else if (Files.exists(lake)) {
            throw new UsageException("lake " + lake + " is not a folder");
        }
        checkWritable(lake);
    }

    private static void checkWritable(Path lake) {
        try {
            Files.createDirectories(lake);
            Path probe = Files.createTempFile(lake, ".quiver-write-check", "");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new UsageException("lake " + lake + " is not writable: " + e.getMessage());
        }
    }

    /** An external broker must not hold ledgers yet: the run's counts and the lake's offsets start from nothing. */
    private static void requireEmpty(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> reader = KafkaClients.plaintext(bootstrap).committedReader(1 << 20)) {
            TopicPartition tp = new TopicPartition(Topics.STELLAR_LEDGERS, 0);
            long end = reader.endOffsets(List.of(tp)).get(tp);
            if (end > 0) {
                throw new UsageException("Kafka " + bootstrap + " already holds " + Topics.STELLAR_LEDGERS + " records: a run needs empty "
                        + "topics (use a new cluster, or ./quiver up to follow on)");
            }
        }
    }

    /** Records in each data topic's dead-letter topic. */
    static Map<String, Long> deadLetters(String bootstrap) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> reader = KafkaClients.plaintext(bootstrap).committedReader(8 << 20)) {
            for (String topic : LocalCluster.DATA_TOPICS) {
                String dlq = Topics.deadLetterOf(topic);
                List<TopicPartition> parts = reader.partitionsFor(dlq, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(dlq, p.partition())).toList();
                reader.assign(parts);
                reader.seekToBeginning(parts);
                Map<TopicPartition, Long> ends = reader.endOffsets(parts);
                long n = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (parts.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                    ConsumerRecords<byte[], byte[]> rs = reader.poll(Duration.ofMillis(200));
                    n += rs.count();
                }
                out.put(dlq, n);
            }
        }
        return out;
    }

    /** The live status line on a terminal; a plain line every ten seconds otherwise. */
    static final class Progress {
        private final PrintStream out;
        private final long first;
        private final long last;
        private final boolean terminal = System.console() != null;
        private long lastPrinted;
        private PipelineWatch.Snapshot previous;
        private int width;

        Progress(PrintStream out, long first, long last) {
            this.out = out;
            this.first = first;
            this.last = last;
        }

        void show(PipelineWatch.Snapshot s) {
            long done = s.ingestNext() < 0 ? 0 : Math.max(0, Math.min(last + 1, s.ingestNext()) - first);
            long total = last - first + 1;
            double secs = previous == null ? 0 : (s.nanos() - previous.nanos()) / 1e9;
            long prevDone = previous == null || previous.ingestNext() < 0 ? 0 : Math.max(0, Math.min(last + 1, previous.ingestNext()) - first);
            long events = s.lakeRows("token_transfer_events");
            long prevEvents = previous == null ? 0 : previous.lakeRows("token_transfer_events");
            String rate = secs > 0 ? String.format("%.0f ledgers/s, %,.0f events/s into the lake", (done - prevDone) / secs,
                    (events - prevEvents) / secs) : "";
            int pct = (int) (100 * done / Math.max(1, total));
            String bar = "[" + "#".repeat(pct / 5) + ".".repeat(20 - pct / 5) + "]";
            StringBuilder lags = new StringBuilder();
            s.lags().forEach((stage, lag) -> lags.append(' ').append(stage).append(' ').append(lag < 0 ? "-" : String.format("%,d", lag)));
            String line = String.format("%s %3d%% ledgers %,d/%,d  %s | lag%s | lake %,d rows, %d files, %.1f MB", bar, pct, done, total,
                    rate, lags, s.lake().values().stream().mapToLong(v -> v[0]).sum(), s.lakeFiles(), s.lakeBytes() / 1e6);
            previous = s;
            if (terminal) {
                out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
                width = line.length();
                out.flush();
            } else if (s.nanos() - lastPrinted > TimeUnit.SECONDS.toNanos(10)) {
                lastPrinted = s.nanos();
                out.println(line);
            }
        }

        void end() {
            if (terminal && width > 0) {
                out.println();
            }
        }
    }
}
