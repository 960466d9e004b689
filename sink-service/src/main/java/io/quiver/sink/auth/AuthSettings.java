package io.quiver.sink.auth;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bearer tokens on REST, the live feed and Flight / Flight SQL ({@code quiver.sink.auth.*}): off by
 * default on the local cluster, on with one setting.
 */
@ConfigMapping(prefix = "quiver.sink.auth")
public interface AuthSettings {

    /** Whether every data request needs a token. */
    @WithDefault("false")
    boolean enabled();

    /** The accepted tokens (static API keys), comma-separated; required when enabled, unless {@code jwt} is on. */
    Optional<List<String>> tokens();

    /**
     * Also accept JWTs (signed, not expired, from the issuer), verified by smallrye-jwt with the
     * standard MicroProfile settings {@code mp.jwt.verify.publickey.location} (a PEM or JWK set, file
     * or URL) and {@code mp.jwt.verify.issuer}.
     */
    @WithDefault("false")
    boolean jwt();
}
