package io.quiver.sink.flight;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Arrow Flight and Flight SQL over the lake ({@code quiver.sink.flight.*}). */
@ConfigMapping(prefix = "quiver.sink.flight")
public interface FlightSettings {

    @WithDefault("true")
    boolean enabled();

    @WithDefault("0.0.0.0")
    String host();

    /** 0 picks a free port. */
    @WithDefault("8817")
    int port();

    /** TLS: a PEM certificate chain; with {@link #tlsKey()} the server speaks TLS only. */
    Optional<Path> tlsCert();

    /** TLS: the PEM private key of {@link #tlsCert()}. */
    Optional<Path> tlsKey();
}
