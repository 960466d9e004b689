package io.quiver.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The options of {@code ./quiver run} and {@code ./quiver up}: where ledgers come from, how many,
 * where the lake goes, which Kafka, and the demo's generator and oracle simulation.
 */
record RunOptions(SourceKind source, List<Path> files, Optional<String> datalake, Optional<String> rpc, OptionalLong start,
                  OptionalLong end, OptionalLong ledgers, Optional<String> network, Path lake, boolean defaultLake,
                  Optional<String> kafka, int brokerPort, long seed, int transactions, int lloNodes, int lloStreams,
                  Optional<Path> summaryJson, double ledgersPerSecond) {

    /** Where the ledgers come from. */
    enum SourceKind {
        /** The seeded mainnet-like generator, written as a Galexie data lake and read back through it. */
        GENERATED,
        FILES,
        DATALAKE,
        RPC
    }

    /** Ledgers the default demo generates: a few minutes on a 2-core machine. */
    static final long DEFAULT_DEMO_LEDGERS = 300;
    /** Newest ledgers a run reads from a data lake or RPC node given no --start. */
    static final long DEFAULT_RECENT_LEDGERS = 100;

    static final String USAGE = String.join("\n",
            "usage: ./quiver run|up [SOURCE] [--ledgers N] [--start N] [--end N] [--network P] [--lake DIR]",
            "                       [--kafka HOST:PORT] [--summary-json FILE] [--seed S] [--transactions T]",
            "                       [--llo-nodes N] [--llo-streams M]",
            "  SOURCE: nothing (generated mainnet-like ledgers), --files PATH..., --datalake DIR|s3://BUCKET/PREFIX, --rpc URL");

    private static final Set<String> VALUED = Set.of("--ledgers", "--start", "--end", "--network", "--lake", "--kafka", "--port",
            "--seed", "--transactions", "--llo-nodes", "--llo-streams", "--summary-json", "--datalake", "--rpc", "--rate");

    static RunOptions parse(List<String> args, Path root) {
        List<Path> files = new ArrayList<>();
        java.util.Map<String, String> v = new java.util.HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--files")) {
                while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    files.add(Path.of(args.get(++i)));
                }
                if (files.isEmpty()) {
                    throw new UsageException("--files needs at least one file\n" + USAGE);
                }
                continue;
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (!VALUED.contains(name)) {
                throw new UsageException((a.startsWith("--") ? "unknown option " : "unexpected argument ") + a + "\n" + USAGE);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value\n" + USAGE);
                }
                value = args.get(++i);
            }
            v.put(name, value);
        }
        int sources = (files.isEmpty() ? 0 : 1) + (v.containsKey("--datalake") ? 1 : 0) + (v.containsKey("--rpc") ? 1 : 0);
        if (sources > 1) {
            throw new UsageException("give one source: --files, --datalake or --rpc");
        }
        SourceKind kind = !files.isEmpty() ? SourceKind.FILES : v.containsKey("--datalake") ? SourceKind.DATALAKE
                : v.containsKey("--rpc") ? SourceKind.RPC : SourceKind.GENERATED;
        Optional<String> network = Optional.ofNullable(v.get("--network")).map(n -> NetworkFiles.NETWORKS.getOrDefault(n, n));
        if (kind == SourceKind.FILES && network.isEmpty()) {
            throw new UsageException("--files needs --network P (files do not say their network): pubnet, testnet, futurenet or a passphrase");
        }
        Path lake = v.containsKey("--lake") ? Path.of(v.get("--lake")).toAbsolutePath().normalize()
                : QuiverCli.state(root).resolve("lake");
        OptionalLong start = longOption(v, "--start");
        OptionalLong end = longOption(v, "--end");
        OptionalLong ledgers = longOption(v, "--ledgers");
        if (ledgers.isPresent() && ledgers.getAsLong() < 1) {
            throw new UsageException("--ledgers must be at least 1");
        }
        if (start.isPresent() && end.isPresent() && end.getAsLong() < start.getAsLong()) {
            throw new UsageException("--end " + end.getAsLong() + " is before --start " + start.getAsLong());
        }
        int transactions = (int) longOption(v, "--transactions").orElse(300);
        if (transactions < 0 || transactions > 5000) {
            throw new UsageException("--transactions must be 0..5000 per ledger");
        }
        int nodes = (int) longOption(v, "--llo-nodes").orElse(4);
        int streams = (int) longOption(v, "--llo-streams").orElse(8);
        if (nodes != 0 && (nodes < 4 || streams < 1)) {
            throw new UsageException("--llo-nodes must be 0 (no oracle simulation) or at least 4 (3f+1 with f=1), --llo-streams at least 1");
        }
        double rate;
        try {
            rate = Double.parseDouble(v.getOrDefault("--rate", "2"));
        } catch (NumberFormatException e) {
            throw new UsageException("--rate expects ledgers per second, got '" + v.get("--rate") + "'");
        }
        return new RunOptions(kind, List.copyOf(files), Optional.ofNullable(v.get("--datalake")), Optional.ofNullable(v.get("--rpc")),
                start, end, ledgers, network, lake, !v.containsKey("--lake"), Optional.ofNullable(v.get("--kafka")),
                (int) longOption(v, "--port").orElse(9092), longOption(v, "--seed").orElse(1), transactions, nodes, streams,
                Optional.ofNullable(v.get("--summary-json")).map(p -> Path.of(p).toAbsolutePath()), rate);
    }

    private static OptionalLong longOption(java.util.Map<String, String> v, String name) {
        String s = v.get(name);
        if (s == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " expects a number, got '" + s + "'");
        }
    }
}
