package io.quiver.sink.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses REST requests and live feed handshakes ({@code /v1/...}) without a valid token with 401
 * before any resource runs. The page and its assets need none (they hold no data; the page passes
 * the token it was opened with to the API and the feed).
 */
@ApplicationScoped
public class ApiAuthFilter {

    private final BearerTokens tokens;

    public ApiAuthFilter(BearerTokens tokens) {
        this.tokens = tokens;
    }

    void install(@Observes Router router) {
        if (!tokens.enabled()) {
            return;
        }
        router.route("/v1/*").order(Integer.MIN_VALUE).handler(ctx -> {
            if (tokens.allows(ctx.request().getHeader("Authorization"), ctx.request().getParam("token"))) {
                ctx.next();
            } else {
                ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                        .putHeader("WWW-Authenticate", "Bearer").end(new JsonObject()
                                .put("error", "missing or unknown bearer token (Authorization: Bearer <token>, or ?token=)").encode());
            }
        });
    }
}
