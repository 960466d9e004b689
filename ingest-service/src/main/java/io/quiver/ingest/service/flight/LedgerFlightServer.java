package io.quiver.ingest.service.flight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.ingest.service.IngestSettings;
import io.quiver.ingest.service.LedgersTopic;
import io.quiver.ingest.service.LedgerTicket;
import io.quiver.memory.ServiceAllocator;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.schema.rows.RowCopy;
import io.quiver.schema.rows.StellarLedgerVectors;
import io.quiver.service.endpoint.FlightBatches;
import io.quiver.service.endpoint.FlightEndpoint;
import io.quiver.service.endpoint.RangeFlightProducer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.jboss.logging.Logger;

/**
 * Arrow Flight on {@code quiver.ingest.flight.port} (8815): {@code DoGet} with the ticket
 * {@code stellar_ledger:START:END} streams those ledgers from the ledgers topic as
 * {@code StellarLedger} batches, in sequence order; END 0 follows new ledgers until the client
 * cancels.
 */
@ApplicationScoped
public class LedgerFlightServer {

    private static final Logger LOG = Logger.getLogger(LedgerFlightServer.class);
    /** A Flight batch closes at this many ledgers or bytes of XDR. */
    private static final int BATCH_LEDGERS = 32;
    private static final long BATCH_BYTES = 4L << 20;

    private final IngestSettings settings;
    private final LedgersTopic topic;
    private final BufferAllocator allocator;
    private FlightEndpoint server;

    public LedgerFlightServer(IngestSettings settings, LedgersTopic topic, ServiceAllocator allocator) {
        this.settings = settings;
        this.topic = topic;
        this.allocator = allocator.stage("flight", 512L << 20);
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (!settings.flight().enabled()) {
            return;
        }
        server = FlightEndpoint.start(allocator, settings.flight().host(), settings.flight().port(), new Producer());
        LOG.infof("Arrow Flight on %s:%d (ticket %s:START:END)", settings.flight().host(), server.port(),
                LedgerTicket.STREAM_TYPE);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    /** The bound port (differs from the setting when that is 0). */
    public int port() {
        return server == null ? -1 : server.port();
    }

    private final class Producer extends RangeFlightProducer {

        Producer() {
            super(LedgerTicket.STREAM_TYPE, StellarLedgerSchema.SCHEMA.arrowSchema(), LedgerTicket::parse);
        }

        @Override
        public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
            LedgerTicket t;
            try {
                t = LedgerTicket.parse(new String(ticket.getBytes(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                FlightBatches.fail(listener, CallStatus.INVALID_ARGUMENT, e);
                return;
            }
            try (VectorSchemaRoot root = StellarLedgerVectors.newRoot(allocator)) {
                RowCopy copy = new RowCopy(root);
                FlightBatches batches = new FlightBatches(listener, root, t.end().isEmpty(), BATCH_LEDGERS, BATCH_BYTES);
                topic.readRows(allocator, t.start(), t.end(), batches::cancelled, (batch, row) -> {
                    if (batches.cancelled()) {
                        return false;
                    }
                    copy.append(batch.root(), row);
                    batches.added(batch.xdrLength(row));
                    return true;
                });
                batches.finish();
            } catch (Exception e) {
                LOG.warnf("Flight %s: %s", new String(ticket.getBytes(), StandardCharsets.UTF_8), e.getMessage());
                FlightBatches.fail(listener, CallStatus.INTERNAL, e);
            }
        }
    }
}
