package io.quiver.sink.live;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import io.quarkus.vertx.http.HttpServerStart;
import org.jboss.logging.Logger;

/**
 * The live feed's own port ({@code quiver.sink.live.port}, 8080): a second listener on the same
 * router as the HTTP port, so the feed, REST and the page answer on both; the README gives 8080 for
 * the feed and 8081 for REST. Quarkus serves one HTTP port, hence this listener.
 */
@ApplicationScoped
public class LivePort {

    private static final Logger LOG = Logger.getLogger(LivePort.class);

    private final LiveSettings settings;
    private volatile HttpServer server;

    public LivePort(LiveSettings settings) {
        this.settings = settings;
    }

    private volatile Router router;

    void router(@Observes Router router) {
        this.router = router;
    }

    /**
     * Opened once the main HTTP server is up: a Vert.x server opened while Quarkus' own is being
     * deployed stalls that deployment.
     */
    synchronized void listen(@ObservesAsync HttpServerStart started, Vertx vertx) {
        if (!settings.enabled() || settings.port() < 0 || router == null || server != null) {
            return;
        }
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
                .setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(1 << 20);
        vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> {
            server = s;
            LOG.infof("live feed on %s:%d (/v1/events/live)", settings.host(), s.actualPort());
        }).onFailure(e -> LOG.errorf("live feed port %s:%d cannot be opened: %s", settings.host(), settings.port(), e.getMessage()));
    }

    /** The port the feed listens on, or -1. */
    public int port() {
        HttpServer s = server;
        return s == null ? -1 : s.actualPort();
    }

    void stop(@Observes ShutdownEvent event) {
        HttpServer s = server;
        if (s != null) {
            s.close();
        }
    }
}
