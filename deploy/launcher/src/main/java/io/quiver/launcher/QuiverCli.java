package io.quiver.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code ./quiver}. Each subcommand is one class; this only dispatches. Exit codes:
 * 0 success, 1 the command ran and found a problem, 2 bad usage or bad input (one line on stderr).
 */
public final class QuiverCli {

    static final String USAGE = String.join("\n",
            "usage: ./quiver COMMAND [ARGS]",
            "",
            "  run [SOURCE] [OPTIONS]   the main job: an in-process Kafka broker (or --kafka H:P), every service and a",
            "                           source, until the source's ledgers are in the lake (--lake DIR, default",
            "                           .quiver/lake); prints progress and a summary (--summary-json FILE), stops, exit 0.",
            "                           SOURCE: none (generated mainnet-like ledgers: --ledgers N, --seed S,",
            "                           --transactions T), --files PATH... --network P, --datalake DIR|s3://...,",
            "                           --rpc URL; --start/--end N; simulated oracle nodes: --llo-nodes N",
            "                           --llo-streams M (0 nodes: none)",
            "  up [SOURCE] [OPTIONS]    the same cluster following the source until Ctrl-C (the generator writes",
            "                           --rate ledgers/s); broker data in .quiver/kafka, kept between runs",
            "  query [--lake DIR] SQL   one DuckDB query over the lake's tables",
            "  replay --topic T --from-ledger N [--to-ledger M] --to GROUP|vK [--bootstrap H:P]",
            "                           reprocess from ledger N: set consumer group GROUP (no member running) to read T",
            "                           from there, or copy T's records of ledgers N..M into T's version K (a new topic)",
            "  broker [--port N]        start only the in-process Kafka broker, until Ctrl-C",
            "  topics [--bootstrap H:P] list Quiver topics with partitions and record counts",
            "  dev SERVICE              run one service in Quarkus dev mode (live reload, in-process broker)",
            "  llo aggregate FILE.json  one LLO round's outcome (median/mode/quote) as JSON on stdout;",
            "                           exit 1 without a 2f+1 quorum, 2 on malformed input",
            "  ledgers FILE...          one JSON line per Stellar ledger in the files (raw XDR, base64 lines,",
            "                           zstd record-marked stream, Galexie object, RPC getLedgers JSON);",
            "                           exit 2 with one line naming file, XDR type and byte offset on bad input",
            "  ttp --network P [--unified] FILE...",
            "                           token transfer events of the ledgers as protojson lines (stellar/go's",
            "                           form); derived from operations, or CAP-67 events with --unified;",
            "                           P is a passphrase, or pubnet / testnet / futurenet",
            "  ttp verify --network P [--unified] FILE...",
            "                           check the events against the ledgers' balance changes; exit 1 on a mismatch",
            "  tables transactions|operations|invocations|ledgers --network P FILE...",
            "                           the ledgers' rows of a ledger table (stellar-etl's columns) as JSON lines",
            "  lake ls DIR              what a lake holds, by table and partition, from its manifest",
            "  lake compact DIR [--target-bytes N]  merge the small files of closed partitions (a manifest commit)",
            "  lake expire DIR --days N remove partitions whose records are all older than N days (a manifest commit)",
            "  bench llo [JMH ARGS]     JMH benchmark of a full LLO round, Arrow and row paths, with -prof gc",
            "  bench xdr [JMH ARGS]     JMH benchmark of ledger decoding: Quiver's model vs stellar-sdk 0.44.0",
            "  bench ttp [JMH ARGS]     JMH benchmark of token transfer extraction (decode included) on real ledgers",
            "  bench ingest [RUNS]      data-lake folder -> ledgers topic of an in-process broker: ledgers/s, MB/s",
            "  bench ttp-kafka [RUNS [LEDGERS]]  ttp-service hop through an in-process broker, Arrow vs row mode",
            "  bench tables [RUNS [LEDGERS]]  the ledger tables' cost: extraction alone and the ttp-service hop, off vs on",
            "  bench range-read [LEDGERS [REQUESTS]]  Flight/gRPC range requests on a ledgers topic, empty vs learnt offset index",
            "  bench lake [EVENTS [RUNS]]  token transfer events to Parquet: Quiver's writer vs DuckDB COPY vs parquet-java rows",
            "  help                     this text");

    private QuiverCli() {
    }

    /**
     * Where the launcher keeps its state (broker data, lake, logs, generated ledgers): {@code
     * .quiver} beside the checkout, or the folder {@code -Dquiver.state} names (tests use their own).
     */
    static Path state(Path root) {
        String s = System.getProperty("quiver.state");
        return s == null || s.isBlank() ? root.resolve(".quiver") : Path.of(s).toAbsolutePath().normalize();
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command with its output on {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        Path root = Path.of(System.getProperty("quiver.home", ".")).toAbsolutePath().normalize();
        try {
            return switch (args[0]) {
                case "run" -> new RunCommand(root, out).run(rest);
                case "up" -> new RunCommand(root, out).up(rest);
                case "query" -> new QueryCommand(root, out, err).run(rest);
                case "replay" -> new ReplayCommand(out).run(rest);
                case "broker" -> new LocalCluster(root, java.util.Optional.empty(), Options.parse(rest).intOption("--port", 9092), out)
                        .runUntilStopped(java.util.Map.of(), false, () -> { });
                case "llo" -> new LloCommand(out, err).run(rest);
                case "ledgers" -> new LedgersCommand(out, err).run(rest);
                case "ttp" -> new TtpCommand(out, err).run(rest);
                case "tables" -> new TablesCommand(out, err).run(rest);
                case "lake" -> new LakeCommand(out).run(rest);
                case "topics" -> new TopicsCommand(Options.parse(rest).option("--bootstrap", "127.0.0.1:9092"), out).run();
                default -> {
                    err.println("quiver: unknown command '" + args[0] + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (UsageException e) {
            err.println("quiver " + args[0] + ": " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            err.println("quiver " + args[0] + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("quiver " + args[0] + ": interrupted");
            return 1;
        }
    }
}
