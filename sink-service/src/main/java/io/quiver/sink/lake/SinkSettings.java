package io.quiver.sink.lake;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.format.ParquetCodec;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** sink-service's lake settings ({@code quiver.sink.*}). */
@ConfigMapping(prefix = "quiver.sink")
public interface SinkSettings {

    /** Whether the lake sink runs (off: the service only serves). */
    @WithDefault("true")
    boolean enabled();

    /** The lake: a local folder or {@code s3://bucket/prefix}. */
    @WithDefault(".quiver/lake")
    String lake();

    /** File format of every table: PARQUET, JSON_LINES or CSV. */
    @WithDefault("PARQUET")
    LakeFormat format();

    /** Parquet page codec: ZSTD, SNAPPY, GZIP or NONE. */
    @WithDefault("ZSTD")
    ParquetCodec codec();

    /** Tables written, among token_transfer_events, contract_events, ledgers, llo_aggregates, transactions, operations, contract_invocations. */
    @WithDefault("token_transfer_events,contract_events,ledgers,llo_aggregates,transactions,operations,contract_invocations")
    List<String> tables();

    /** Per-table overrides: {@code quiver.sink.table."<name>".partition-by / exclude-columns / topic}. */
    Map<String, TableOverride> table();

    /** A file closes at this size (bytes) ... */
    @WithDefault("134217728")
    long targetFileBytes();

    /** ... or at this many rows ... */
    @WithDefault("10000000")
    long maxFileRows();

    /** ... or this long after its first row, even with no new input. */
    @WithDefault("60s")
    Duration maxFileAge();

    /** Parquet row groups end at this many rows (or 64 MiB buffered). */
    @WithDefault("131072")
    int rowGroupRows();

    /** Past this many open files the partition holding the most is committed. */
    @WithDefault("64")
    int maxOpenFiles();

    /** Past this many buffered bytes across open files the largest writer's row group is written out. */
    @WithDefault("268435456")
    long maxBufferedBytes();

    /** Consumer group of the sink's instances. */
    @WithDefault("quiver-sink")
    String groupId();

    /** Unique per running instance: names its staging area and its commits. */
    @WithDefault("sink1")
    String instanceId();

    /** Staging files of other instances older than this are deleted at start. */
    @WithDefault("1h")
    Duration orphanAge();

    /** How often closed partitions are compacted and expired partitions removed (0s: never). */
    @WithDefault("10m")
    Duration maintenanceInterval();

    /** Partitions whose newest record is older than this many days are removed (0: keep forever). */
    @WithDefault("0")
    int retentionDays();

    /** Local folder for files being written to an S3 lake. */
    Optional<Path> spool();

    /** S3 of an {@code s3://} lake. */
    S3 s3();

    interface TableOverride {
        /** Hive partition levels: date, hour, ledger_range or a column name. */
        Optional<List<String>> partitionBy();

        /** Columns left out of the lake. */
        Optional<List<String>> excludeColumns();

        /** Source topic, when not the default one. */
        Optional<String> topic();
    }

    interface S3 {
        /** S3-compatible endpoint (path-style); the AWS endpoint of the region when unset. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** Static access key; the AWS default credential chain when unset. */
        Optional<String> accessKey();

        Optional<String> secretKey();

        /** Multipart upload part size. */
        @WithDefault("16777216")
        long partBytes();
    }
}
