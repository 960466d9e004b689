package io.quiver.ingest.service;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.quiver.ingest.source.CorruptObjectPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** ingest-service settings ({@code quiver.ingest.*}). */
@ConfigMapping(prefix = "quiver.ingest")
public interface IngestSettings {

    /**
     * Where ledgers come from: {@code datalake} (a Galexie lake in a folder or an S3 bucket),
     * {@code rpc} (a Stellar RPC node), {@code files} (ledger files or folders), {@code generated}
     * (ledgers of XLM payments made up on the spot, for a machine without Stellar data; the
     * default of {@code ./quiver up}), or {@code none} (publish nothing; Flight and gRPC still serve
     * what the topic holds).
     */
    @WithDefault("none")
    Source source();

    /** The kinds of {@link #source()}. */
    enum Source { DATALAKE, RPC, FILES, GENERATED, NONE }

    /** First ledger to publish when the instance has no checkpoint yet (for files: the first in the files). */
    OptionalLong startLedger();

    /** Last ledger to publish (inclusive); without it the service follows the source's tip. */
    OptionalLong endLedger();

    /**
     * Network passphrase of the ledgers. A data lake's manifest and an RPC node's
     * {@code getNetwork} are used when this is absent; files need it.
     */
    Optional<String> networkPassphrase();

    /** The topic ledgers are published to and served from. */
    @WithDefault("stellar.ledgers.v1")
    String topic();

    /** Checkpoint key and Kafka transactional id suffix: one per ingest instance (several may split a backfill). */
    @WithDefault("ingest-0")
    String instanceId();

    /**
     * A batch closes at this many bytes of ledger XDR (16 MiB; ledger XDR compresses 4-7x, and the
     * codec splits any record that would still pass the broker's limit).
     */
    @WithDefault("16777216")
    long batchBytes();

    /** A batch closes at this many ledgers. */
    @WithDefault("64")
    int batchMaxLedgers();

    /** What to do with a corrupt or missing data-lake object, or ledgers missing between the files' ledgers: {@code stop}, or {@code skip} with a gap record on the .dlq topic. */
    @WithDefault("stop")
    CorruptObjectPolicy onCorrupt();

    /** How often the source's tip is asked for the lag gauge. */
    @WithDefault("10s")
    Duration lagInterval();

    DataLake datalake();

    Rpc rpc();

    Files files();

    Generated generated();

    Flight flight();

    Grpc grpc();

    interface DataLake {
        /** A folder, or {@code s3://bucket/prefix} (for example {@code s3://aws-public-blockchain/v1.1/stellar/ledgers/pubnet}). */
        Optional<String> location();

        /** S3-compatible endpoint (path-style); absent for AWS S3. */
        Optional<URI> s3Endpoint();

        @WithDefault("us-east-1")
        String s3Region();

        /** Unsigned requests, for public buckets; otherwise the AWS default credential chain. */
        @WithDefault("false")
        boolean s3Anonymous();

        /** Objects fetched ahead in parallel. */
        @WithDefault("4")
        int prefetch();

        /** How often the tip is polled once caught up. */
        @WithDefault("5s")
        Duration pollInterval();

        /** Attempts per object on storage errors before the service stops. */
        @WithDefault("3")
        int fetchAttempts();
    }

    interface Rpc {
        /** JSON-RPC endpoint of a Stellar RPC node. */
        Optional<URI> url();

        /** getLedgers page size (1..200). */
        @WithDefault("200")
        int pageSize();

        @WithDefault("5")
        int maxAttempts();

        /** First retry delay; it doubles per attempt. */
        @WithDefault("500ms")
        Duration backoff();

        @WithDefault("2s")
        Duration pollInterval();

        @WithDefault("30s")
        Duration timeout();
    }

    interface Files {
        /** Ledger files or folders (read recursively). */
        Optional<List<Path>> paths();

        @WithDefault("5s")
        Duration pollInterval();
    }

    interface Generated {
        /** Accounts paying each other. */
        @WithDefault("20")
        int accounts();

        /** Payments per ledger. */
        @WithDefault("10")
        int payments();

        /** One ledger per interval when following the tip. */
        @WithDefault("1s")
        java.time.Duration interval();
    }

    interface Flight {
        @WithDefault("true")
        boolean enabled();

        /** Interface Flight listens on. */
        @WithDefault("0.0.0.0")
        String host();

        /** Arrow Flight port (0 picks a free one, as the tests do). */
        @WithDefault("8815")
        int port();
    }

    interface Grpc {
        @WithDefault("true")
        boolean enabled();

        /** Interface the legacy gRPC service listens on. */
        @WithDefault("0.0.0.0")
        String host();

        /** Port of the legacy raw_ledger_service.RawLedgerService (stellar-live-source's). */
        @WithDefault("50052")
        int port();
    }
}
