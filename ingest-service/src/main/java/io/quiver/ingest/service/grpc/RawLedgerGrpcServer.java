package io.quiver.ingest.service.grpc;

import java.io.IOException;
import java.util.OptionalLong;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.ingest.service.IngestRunner;
import io.quiver.ingest.service.IngestSettings;
import io.quiver.ingest.service.LedgersTopic;
import io.quiver.legacy.proto.rawledger.GetLedgerRangeRequest;
import io.quiver.legacy.proto.rawledger.GetLedgerRangeResponse;
import io.quiver.legacy.proto.rawledger.RawLedger;
import io.quiver.legacy.proto.rawledger.RawLedgerServiceGrpc;
import io.quiver.legacy.proto.rawledger.StreamLedgersRequest;
import io.quiver.memory.ServiceAllocator;
import io.quiver.service.endpoint.GrpcEndpoint;
import io.quiver.service.endpoint.ReadyGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.memory.BufferAllocator;
import org.jboss.logging.Logger;

/**
 * The legacy {@code raw_ledger_service.RawLedgerService} of stellar-live-source, wire-compatible,
 * on {@code quiver.ingest.grpc.port} (50052), served from the ledgers topic:
 * {@code StreamRawLedgers} from a start ledger without end, {@code GetLedgerRange} for
 * {@code [start, end)}.
 */
@ApplicationScoped
public class RawLedgerGrpcServer {

    private static final Logger LOG = Logger.getLogger(RawLedgerGrpcServer.class);
    /** Largest GetLedgerRange answer, in ledgers. */
    private static final long MAX_RANGE = 1000;

    private final IngestSettings settings;
    private final LedgersTopic topic;
    private final BufferAllocator allocator;
    private final IngestRunner runner;
    private GrpcEndpoint server;

    public RawLedgerGrpcServer(IngestSettings settings, LedgersTopic topic, ServiceAllocator allocator, IngestRunner runner) {
        this.settings = settings;
        this.topic = topic;
        this.allocator = allocator.stage("grpc", 512L << 20);
        this.runner = runner;
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (!settings.grpc().enabled()) {
            return;
        }
        server = GrpcEndpoint.start(settings.grpc().host(), settings.grpc().port(), new Service());
        LOG.infof("legacy gRPC raw_ledger_service.RawLedgerService on port %d", server.port());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    public int port() {
        return server == null ? -1 : server.port();
    }

    private static RawLedger raw(io.quiver.schema.rows.StellarLedgerRow row) {
        return RawLedger.newBuilder().setSequence((int) row.sequence())
                .setLedgerCloseMetaXdr(ByteString.copyFrom(row.ledgerCloseMeta())).build();
    }

    private final class Service extends RawLedgerServiceGrpc.RawLedgerServiceImplBase {
        @Override
        public void streamRawLedgers(StreamLedgersRequest request, StreamObserver<RawLedger> out) {
            long start = Integer.toUnsignedLong(request.getStartLedger());
            if (start < 1) {
                out.onError(Status.INVALID_ARGUMENT.withDescription("start_ledger must be 1 or more").asRuntimeException());
                return;
            }
            ServerCallStreamObserver<RawLedger> call = (ServerCallStreamObserver<RawLedger>) out;
            ReadyGate ready = new ReadyGate(call);
            try {
                topic.read(allocator, start, OptionalLong.empty(), call::isCancelled, row -> {
                    if (!ready.await()) {
                        return false;
                    }
                    out.onNext(raw(row));
                    return true;
                });
                out.onCompleted();
            } catch (Exception e) {
                if (!call.isCancelled()) {
                    out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
                }
            }
        }

        @Override
        public void getLedgerRange(GetLedgerRangeRequest request, StreamObserver<GetLedgerRangeResponse> out) {
            long start = Integer.toUnsignedLong(request.getStartLedger());
            long end = Integer.toUnsignedLong(request.getEndLedger());
            if (start < 1 || end <= start) {
                out.onError(Status.INVALID_ARGUMENT.withDescription("expected 1 <= start_ledger < end_ledger ([start, end)), got "
                        + start + ", " + end).asRuntimeException());
                return;
            }
            if (end - start > MAX_RANGE) {
                // the answer is one message held in memory: long ranges belong to StreamRawLedgers
                out.onError(Status.INVALID_ARGUMENT.withDescription("at most " + MAX_RANGE + " ledgers per GetLedgerRange, asked "
                        + (end - start) + "; use StreamRawLedgers").asRuntimeException());
                return;
            }
            GetLedgerRangeResponse.Builder b = GetLedgerRangeResponse.newBuilder();
            long[] last = {-1};
            try {
                topic.read(allocator, start, OptionalLong.of(end - 1), () -> false, row -> {
                    b.addLedgers(raw(row));
                    last[0] = row.sequence();
                    return true;
                });
            } catch (Exception e) {
                out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
                return;
            }
            long published = runner.nextLedger() - 1;
            b.setLatestLedger((int) Math.max(last[0], published));
            out.onNext(b.build());
            out.onCompleted();
        }
    }
}
