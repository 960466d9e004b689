package io.quiver.service.endpoint;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;

/** An Arrow Flight server on a port (0 = a free one), started and stopped the same way by every service. */
public final class FlightEndpoint implements AutoCloseable {

    private final FlightServer server;

    private FlightEndpoint(FlightServer server) {
        this.server = server;
    }

    public static FlightEndpoint start(BufferAllocator allocator, String host, int port, FlightProducer producer) throws IOException {
        return new FlightEndpoint(FlightServer.builder(allocator, Location.forGrpcInsecure(host, port), producer).build().start());
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
