package io.quiver.ttp.service.flight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.memory.ServiceAllocator;
import io.quiver.schema.TokenTransferEventSchema;
import io.quiver.schema.rows.RowCopy;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.service.endpoint.FlightBatches;
import io.quiver.service.endpoint.FlightEndpoint;
import io.quiver.service.endpoint.RangeFlightProducer;
import io.quiver.ttp.service.EventTicket;
import io.quiver.ttp.service.EventsTopic;
import io.quiver.ttp.service.TtpSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.jboss.logging.Logger;

/**
 * Arrow Flight on {@code quiver.ttp.flight.port} (8816): {@code DoGet ttp_events:START:END[:FILTERS]}
 * streams the events of those ledgers from the events topic as {@code TokenTransferEvent} batches.
 */
@ApplicationScoped
public class EventFlightServer {

    private static final Logger LOG = Logger.getLogger(EventFlightServer.class);
    private static final int BATCH_EVENTS = 4096;

    private final TtpSettings settings;
    private final EventsTopic topic;
    private final BufferAllocator allocator;
    private FlightEndpoint server;

    public EventFlightServer(TtpSettings settings, EventsTopic topic, ServiceAllocator allocator) {
        this.settings = settings;
        this.topic = topic;
        this.allocator = allocator.stage("flight", 512L << 20);
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (!settings.flight().enabled()) {
            return;
        }
        server = FlightEndpoint.start(allocator, settings.flight().host(), settings.flight().port(), new Producer());
        LOG.infof("Arrow Flight on %s:%d (ticket %s:START:END[:FILTERS])", settings.flight().host(), server.port(),
                EventTicket.STREAM_TYPE);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    public int port() {
        return server == null ? -1 : server.port();
    }

    private final class Producer extends RangeFlightProducer {

        Producer() {
            super(EventTicket.STREAM_TYPE, TokenTransferEventSchema.SCHEMA.arrowSchema(), EventTicket::parse);
        }

        @Override
        public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
            String text = new String(ticket.getBytes(), StandardCharsets.UTF_8);
            EventTicket t;
            try {
                t = EventTicket.parse(text);
            } catch (IllegalArgumentException e) {
                FlightBatches.fail(listener, CallStatus.INVALID_ARGUMENT, e);
                return;
            }
            try (VectorSchemaRoot root = TokenTransferEventVectors.newRoot(allocator)) {
                RowCopy copy = new RowCopy(root);
                FlightBatches batches = new FlightBatches(listener, root, t.end().isEmpty(), BATCH_EVENTS, Long.MAX_VALUE);
                topic.readRows(allocator, t.start(), t.end(), t.filter(), batches::cancelled, (batch, row) -> {
                    if (batches.cancelled()) {
                        return false;
                    }
                    copy.append(batch.root(), row);
                    batches.added(0);
                    return true;
                });
                batches.finish();
            } catch (Exception e) {
                LOG.warnf("Flight %s: %s", text, e.getMessage());
                FlightBatches.fail(listener, CallStatus.INTERNAL, e);
            }
        }
    }
}
