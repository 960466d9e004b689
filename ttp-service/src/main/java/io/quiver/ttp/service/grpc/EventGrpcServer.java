package io.quiver.ttp.service.grpc;

import java.io.IOException;
import java.util.OptionalLong;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.legacy.TokenTransferEventProtoConverter;
import io.quiver.legacy.proto.eventservice.EventServiceGrpc;
import io.quiver.legacy.proto.eventservice.GetEventsRequest;
import io.quiver.legacy.proto.tokentransfer.TokenTransferEvent;
import io.quiver.memory.ServiceAllocator;
import io.quiver.service.endpoint.GrpcEndpoint;
import io.quiver.service.endpoint.ReadyGate;
import io.quiver.ttp.pipeline.EventFilter;
import io.quiver.ttp.service.EventsTopic;
import io.quiver.ttp.service.TtpSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.memory.BufferAllocator;
import org.jboss.logging.Logger;

/**
 * The ttp-processor's gRPC {@code token_transfer_service.EventService}, wire-compatible, on
 * {@code quiver.ttp.grpc.port} (50051): {@code GetTTPEvents(start_ledger, end_ledger)} streams the
 * events of those ledgers (inclusive; end 0 or below start = live) as stellar/go
 * {@code TokenTransferEvent} protobufs, converted from the Arrow rows of the events topic.
 */
@ApplicationScoped
public class EventGrpcServer {

    private static final Logger LOG = Logger.getLogger(EventGrpcServer.class);

    private final TtpSettings settings;
    private final EventsTopic topic;
    private final BufferAllocator allocator;
    private GrpcEndpoint server;
    /** Events handed to gRPC (quiver_ttp_grpc_events_sent_total): a stalled client stops it growing. */
    private final Counter sent;

    public EventGrpcServer(TtpSettings settings, EventsTopic topic, ServiceAllocator allocator, MeterRegistry registry) {
        this.settings = settings;
        this.topic = topic;
        this.allocator = allocator.stage("grpc", 512L << 20);
        this.sent = registry.counter("quiver.ttp.grpc.events.sent");
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (!settings.grpc().enabled()) {
            return;
        }
        server = GrpcEndpoint.start(settings.grpc().host(), settings.grpc().port(), new Service());
        LOG.infof("legacy gRPC token_transfer_service.EventService on port %d", server.port());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    public int port() {
        return server == null ? -1 : server.port();
    }

    private final class Service extends EventServiceGrpc.EventServiceImplBase {
        @Override
        public void getTTPEvents(GetEventsRequest request, StreamObserver<TokenTransferEvent> out) {
            long start = Integer.toUnsignedLong(request.getStartLedger());
            long end = Integer.toUnsignedLong(request.getEndLedger());
            if (start < 1) {
                out.onError(Status.INVALID_ARGUMENT.withDescription("start_ledger must be 1 or more").asRuntimeException());
                return;
            }
            ServerCallStreamObserver<TokenTransferEvent> call = (ServerCallStreamObserver<TokenTransferEvent>) out;
            ReadyGate ready = new ReadyGate(call);
            try {
                OptionalLong until = end == 0 || end < start ? OptionalLong.empty() : OptionalLong.of(end);
                topic.read(allocator, start, until, EventFilter.ALL, call::isCancelled, row -> {
                    if (!ready.await()) {
                        return false;
                    }
                    out.onNext(TokenTransferEventProtoConverter.toProto(row));
                    sent.increment();
                    return true;
                });
                out.onCompleted();
            } catch (Exception e) {
                if (!call.isCancelled()) {
                    out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
                }
            }
        }
    }
}
