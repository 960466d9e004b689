package io.quiver.ttp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.synthetic.LedgerResequencer;
import io.quiver.legacy.proto.eventservice.EventServiceGrpc;
import io.quiver.legacy.proto.eventservice.GetEventsRequest;
import io.quiver.testing.SharedLedgers;
import io.quiver.ttp.pipeline.EventTopicChecks;
import io.quiver.ttp.pipeline.LedgerTopicWriter;
import jakarta.inject.Inject;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A gRPC client that stops reading: the server stops sending once gRPC's flow-control window is
 * full (its thread waits for the client to be ready), instead of queueing the whole range in its
 * memory; when the client reads again, everything arrives.
 */
@QuarkusTest
@TestProfile(GrpcFlowControlTest.OwnTopics.class)
class GrpcFlowControlTest {

    /** Topics of its own, so the other tests' counts are not disturbed. */
    public static final class OwnTopics implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quiver.ttp.input-topic", "flow.ledgers", "quiver.ttp.events-topic", "flow.events",
                    "quiver.ttp.contract-topic", "flow.contract", "quiver.ttp.proto-topic", "flow.proto",
                    "quiver.topics.ensure", "flow.ledgers,flow.events,flow.contract,flow.proto");
        }
    }

    private static final Pattern SENT = Pattern.compile("(?m)^quiver_ttp_grpc_events_sent_total(?:\\{[^}]*})? ([0-9.E]+)$");

    @Inject
    TtpSettings settings;
    @Inject
    io.quiver.ttp.service.grpc.EventGrpcServer grpc;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    private long sent() throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metrics.toString())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = SENT.matcher(body);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aClientThatStopsReadingHoldsTheServerAtTheFlowControlWindowAndGetsEverythingOnceItReadsAgain() throws Exception {
        List<SourcedLedger> pubnet = EventTopicChecks.ledgers("mainnet/ttp-example-ledgers-base64.txt");
        int ledgers = 100;
        List<SourcedLedger> stream = LedgerResequencer.sequence(pubnet.stream().map(SourcedLedger::xdr).toList(), 70_000_000, ledgers);
        int events;
        try (BufferAllocator allocator = new RootAllocator();
             KafkaProducer<byte[], byte[]> p = io.quiver.kafka.KafkaClients.plaintext(bootstrap).idempotentProducer(8 << 20)) {
            for (int i = 0; i < stream.size(); i += 10) {
                LedgerTopicWriter.write(p, settings.inputTopic(), stream.subList(i, Math.min(stream.size(), i + 10)),
                        SharedLedgers.PUBNET, allocator);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int want = EventTopicChecks.expected(stream, SharedLedgers.PUBNET).size();
            events = 0;
            while (events < want && System.nanoTime() < deadline) {
                events = EventTopicChecks.eventRows(bootstrap, settings.eventsTopic(), allocator).size();
            }
            assertEquals(want, events, "the pipeline published every event");
        }
        long before = sent();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
        try {
            AtomicInteger received = new AtomicInteger();
            ClientCall<GetEventsRequest, io.quiver.legacy.proto.tokentransfer.TokenTransferEvent> call = channel.newCall(
                    EventServiceGrpc.getGetTTPEventsMethod(), CallOptions.DEFAULT);
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            call.start(new ClientCall.Listener<>() {
                @Override
                public void onMessage(io.quiver.legacy.proto.tokentransfer.TokenTransferEvent message) {
                    received.incrementAndGet();
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    done.countDown();
                }
            }, new Metadata());
            call.request(1); // then the client reads nothing more
            call.sendMessage(GetEventsRequest.newBuilder().setStartLedger(70_000_000).setEndLedger(70_000_000 + ledgers - 1).build());
            call.halfClose();
            // the server fills the flow-control window, then stops; on a loaded machine filling it can take
            // longer than the first 4 s, so the two samples 2 s apart are taken again (up to 5 times) until it has
            long stalled;
            long later;
            int tries = 0;
            Thread.sleep(4000);
            do {
                stalled = sent() - before;
                Thread.sleep(2000);
                later = sent() - before;
            } while (later != stalled && ++tries < 5);
            System.out.printf("client reading nothing: server sent %d of %d events, then %d two seconds later%n", stalled, events, later);
            assertEquals(stalled, later, "the server stopped sending while the client was not reading");
            assertTrue(stalled < events / 2, "the server held back most of the range: sent " + stalled + " of " + events);
            call.request(Integer.MAX_VALUE);
            assertTrue(done.await(60, TimeUnit.SECONDS), "the call completes once the client reads");
            assertEquals(events, received.get(), "every event arrives once the client reads again");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

}
