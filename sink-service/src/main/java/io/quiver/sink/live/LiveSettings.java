package io.quiver.sink.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The live WebSocket feed ({@code quiver.sink.live.*}). */
@ConfigMapping(prefix = "quiver.sink.live")
public interface LiveSettings {

    /** Whether {@code /v1/events/live} follows the events topic. */
    @WithDefault("true")
    boolean enabled();

    /** The feed's own port (the same endpoint also answers on the HTTP port); 0 picks a free one, -1 none. */
    @WithDefault("8080")
    int port();

    @WithDefault("0.0.0.0")
    String host();

    /** The token transfer events topic the feed follows. */
    @WithDefault("stellar.ttp.events.v1")
    String topic();

    /** Clients connected at once; one more is closed with 4429. */
    @WithDefault("1000")
    int maxClients();

    /** Clients replaying history at once (each reads the topic with a consumer of its own); one more is closed with 4429. */
    @WithDefault("8")
    int maxReplays();

    /** Bytes queued for one client; a live client over it is closed with 4008 (or, conflated, skips ahead). */
    @WithDefault("4194304")
    long queueBytes();

    /** Events sent in one frame at most (JSON array or Arrow batch) when several are waiting. */
    @WithDefault("500")
    int frameEvents();

    /** A heartbeat message goes to every client this often. */
    @WithDefault("15s")
    Duration heartbeat();
}
