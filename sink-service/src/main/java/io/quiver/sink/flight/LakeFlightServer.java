package io.quiver.sink.flight;

import java.io.IOException;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.memory.ServiceAllocator;
import io.quiver.service.endpoint.FlightEndpoint;
import io.quiver.sink.query.LakeQueryEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.memory.BufferAllocator;
import org.jboss.logging.Logger;

/** Flight SQL and plain Flight over the lake on {@code quiver.sink.flight.port} (8817). */
@ApplicationScoped
public class LakeFlightServer {

    private static final Logger LOG = Logger.getLogger(LakeFlightServer.class);

    private final FlightSettings settings;
    private final LakeQueryEngine engine;
    private final BufferAllocator allocator;
    private final FlightAuth auth;
    private FlightEndpoint server;
    private LakeSqlProducer producer;

    public LakeFlightServer(FlightSettings settings, LakeQueryEngine engine, ServiceAllocator allocator, FlightAuth auth) {
        this.settings = settings;
        this.engine = engine;
        this.allocator = allocator.stage("flight", 1L << 30);
        this.auth = auth;
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (!settings.enabled()) {
            return;
        }
        producer = new LakeSqlProducer(engine, allocator);
        FlightEndpoint.Tls tls = settings.tlsCert().isPresent() && settings.tlsKey().isPresent()
                ? new FlightEndpoint.Tls(settings.tlsCert().get(), settings.tlsKey().get()) : null;
        server = FlightEndpoint.start(allocator, settings.host(), settings.port(), producer, tls, auth.validator());
        LOG.infof("Flight SQL and Flight over the lake on %s:%d (%s%s)", settings.host(), server.port(), tls == null ? "plaintext" : "TLS",
                auth.validator() == null ? "" : ", bearer tokens");
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (server != null) {
            server.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    public int port() {
        return server == null ? -1 : server.port();
    }
}
