package io.quiver.sink.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * The one check of every surface: a request carries {@code Authorization: Bearer <token>} (or, for
 * browsers' WebSockets, which cannot set headers, {@code ?token=<token>}) with one of the configured
 * tokens (compared in constant time) or, with {@code jwt} on, a JWT that smallrye-jwt verifies
 * (signature, expiry, issuer).
 */
@ApplicationScoped
public class BearerTokens {

    private static final Logger LOG = Logger.getLogger(BearerTokens.class);

    private final boolean enabled;
    private final List<byte[]> tokens;
    private final JWTParser jwt;

    public BearerTokens(AuthSettings settings, Instance<JWTParser> parser) {
        this.enabled = settings.enabled();
        this.tokens = settings.tokens().orElse(List.of()).stream().map(String::trim).filter(t -> !t.isEmpty())
                .map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        this.jwt = settings.jwt() ? parser.get() : null;
        if (enabled && tokens.isEmpty() && jwt == null) {
            throw new IllegalStateException("quiver.sink.auth.enabled=true needs quiver.sink.auth.tokens (one or more API keys) "
                    + "or quiver.sink.auth.jwt=true");
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
        return ok || validJwt(token);
    }

    private boolean validJwt(String token) {
        if (jwt == null || token.chars().filter(c -> c == '.').count() != 2) {
            return false;
        }
        try {
            jwt.parse(token);
            return true;
        } catch (ParseException e) {
            LOG.debugf("bearer JWT refused: %s", e.getMessage());
            return false;
        }
    }
}
