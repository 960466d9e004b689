package io.quiver.service.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Topics a service makes sure exist at start-up ({@code quiver.topics.*}). */
@ConfigMapping(prefix = "quiver.topics")
public interface TopicSettings {

    /** Create the topics below (and their {@code .dlq}) if missing. Off where an operator owns topics. */
    @WithDefault("true")
    boolean create();

    /** Topics this service reads or writes; each also gets its dead-letter topic. */
    Optional<List<String>> ensure();

    /** Partitions of a created topic: the unit of consumer parallelism (default 6). */
    @WithDefault("6")
    int partitions();

    /** Replication factor of a created topic (1 on the single-node local cluster). */
    @WithDefault("1")
    short replicationFactor();

    /** {@code retention.ms} of a created data topic; -1 keeps records forever so topics can be replayed. */
    @WithDefault("-1")
    long retentionMs();

    /** {@code retention.ms} of a created dead-letter topic (default 30 days). */
    @WithDefault("2592000000")
    long deadLetterRetentionMs();

    /** {@code max.message.bytes} of a created topic; must cover {@code quiver.arrow.max-record-bytes}. */
    @WithDefault("8388608")
    int maxMessageBytes();
}
