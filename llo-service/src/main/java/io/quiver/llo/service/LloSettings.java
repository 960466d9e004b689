package io.quiver.llo.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** llo-service settings ({@code quiver.llo.*}). */
@ConfigMapping(prefix = "quiver.llo")
public interface LloSettings {

    /** Fault tolerance f: a round needs 2f+1 observations, an aggregate f+1 values. */
    @WithDefault("1")
    int f();

    /** Nodes in the DON: a round closes as soon as this many observations arrived. */
    @WithDefault("4")
    int nodes();

    /** A round closes this long after its first observation even if some nodes never report. */
    @WithDefault("2s")
    Duration roundTimeout();

    /** JSON file of channel definitions (the {@code channels} object of the CLI's input). */
    Optional<Path> channelsFile();

    /** Arrow memory one round may use; a larger round fails with an error and the service goes on. */
    @WithDefault("268435456")
    long roundMemoryLimitBytes();

    /** Destination written into each report's {@code server_url}. */
    @WithDefault("local")
    String serverUrl();

    /** OCR configuration digest written into reports: 64 hex characters. */
    @WithDefault("0000000000000000000000000000000000000000000000000000000000000000")
    String configDigest();

    /** Run the consumer loop (off for an instance that should not aggregate). */
    @WithDefault("true")
    boolean consume();

    /** Observations are read from here. */
    @WithDefault("llo.observations.v1")
    String inputTopic();

    /** One {@code StreamAggregates} record per round goes here. */
    @WithDefault("llo.aggregates.v1")
    String aggregatesTopic();

    /** One {@code Transmission} record per round with reportable channels goes here. */
    @WithDefault("llo.reports.v1")
    String reportsTopic();

    /** Consumer group: instances with the same group share the observation topic's partitions. */
    @WithDefault("llo-service")
    String groupId();

    /** Names this instance's transactional producer; unique per running instance (default: random per start). */
    Optional<String> instanceId();

    /** How long the group waits for a silent (crashed) instance before its partitions go to the others. */
    @WithDefault("45s")
    Duration sessionTimeout();
}
