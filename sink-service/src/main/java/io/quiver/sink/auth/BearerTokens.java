package io.quiver.sink.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one check of every surface: a request carries {@code Authorization: Bearer <token>} (or, for
 * browsers' WebSockets, which cannot set headers, {@code ?token=<token>}) with one of the configured
 * tokens. Compared in constant time.
 */
@ApplicationScoped
public class BearerTokens {

    private final boolean enabled;
    private final List<byte[]> tokens;

    public BearerTokens(AuthSettings settings) {
        this.enabled = settings.enabled();
        this.tokens = settings.tokens().orElse(List.of()).stream().map(String::trim).filter(t -> !t.isEmpty())
                .map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        if (enabled && tokens.isEmpty()) {
            throw new IllegalStateException("quiver.sink.auth.enabled=true needs quiver.sink.auth.tokens (one or more API keys)");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether a request with this {@code Authorization} header value and {@code token} query parameter (either may be null) may pass. */
    public boolean allows(String authorization, String queryToken) {
        if (!enabled) {
            return true;
        }
        String token = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        } else if (queryToken != null) {
            token = queryToken;
        }
        if (token == null) {
            return false;
        }
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] t : tokens) {
            ok |= MessageDigest.isEqual(t, given);
        }
        return ok;
    }
}
