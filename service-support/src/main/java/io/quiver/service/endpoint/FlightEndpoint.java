package io.quiver.service.endpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.memory.BufferAllocator;

/** An Arrow Flight server on a port (0 = a free one), started and stopped the same way by every service. */
public final class FlightEndpoint implements AutoCloseable {

    private final FlightServer server;

    private FlightEndpoint(FlightServer server) {
        this.server = server;
    }

    /** PEM files of a TLS server: the certificate chain and its private key. */
    public record Tls(Path certChain, Path privateKey) {
    }

    public static FlightEndpoint start(BufferAllocator allocator, String host, int port, FlightProducer producer) throws IOException {
        return start(allocator, host, port, producer, null, null);
    }

    /**
     * As {@link #start(BufferAllocator, String, int, FlightProducer)}, over TLS when {@code tls} is
     * given, and with every call checked by {@code authenticator} when given (bearer tokens).
     */
    public static FlightEndpoint start(BufferAllocator allocator, String host, int port, FlightProducer producer, Tls tls,
                                       CallHeaderAuthenticator authenticator) throws IOException {
        Location location = tls == null ? Location.forGrpcInsecure(host, port) : Location.forGrpcTls(host, port);
        FlightServer.Builder b = FlightServer.builder(allocator, location, producer);
        if (tls != null) {
            b.useTls(tls.certChain().toFile(), tls.privateKey().toFile());
        }
        if (authenticator != null) {
            b.headerAuthenticator(authenticator);
        }
        return new FlightEndpoint(b.build().start());
    }

    /** The bound port (differs from the setting when that was 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        server.awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }
}
