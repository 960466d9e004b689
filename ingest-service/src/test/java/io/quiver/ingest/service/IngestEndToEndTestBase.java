package io.quiver.ingest.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.service.stage.StageState;
import io.quiver.ingest.service.flight.LedgerFlightServer;
import io.quiver.ingest.service.grpc.RawLedgerGrpcServer;
import io.quiver.legacy.proto.rawledger.GetLedgerRangeRequest;
import io.quiver.legacy.proto.rawledger.GetLedgerRangeResponse;
import io.quiver.legacy.proto.rawledger.RawLedger;
import io.quiver.legacy.proto.rawledger.RawLedgerServiceGrpc;
import io.quiver.legacy.proto.rawledger.StreamLedgersRequest;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.schema.rows.StellarLedgerRow;
import io.quiver.schema.rows.StellarLedgerVectors;
import io.quiver.service.testing.OpenReads;
import io.quiver.testing.TestKafka;
import jakarta.inject.Inject;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The service started against one source (the subclass's profile): it must put exactly the
 * source's ledgers on the real broker, and give them back over Flight and the legacy gRPC service.
 */
abstract class IngestEndToEndTestBase {

    @Inject
    IngestRunner runner;
    @Inject
    LedgerFlightServer flight;
    @Inject
    RawLedgerGrpcServer grpc;
    @Inject
    IngestSettings settings;
    @Inject
    LedgersTopic ledgersTopic;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    /** The source's ledgers in order: their XDR byte for byte. */
    abstract List<byte[]> expectedLedgers() throws Exception;

    abstract String expectedSource();

    @Test
    void publishesExactlyTheSourcesLedgersAndServesThemOverFlightAndGrpc() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (runner.status().state() != StageState.DONE && runner.status().state() != StageState.FAILED
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(StageState.DONE, runner.status().state(), runner.detail() + " / " + runner.status().reason());
        List<byte[]> expected = expectedLedgers();
        long first = settings.startLedger().getAsLong();
        long last = settings.endLedger().getAsLong();
        assertEquals(expected.size(), last - first + 1);

        try (BufferAllocator allocator = new RootAllocator()) {
            // 1. what a Kafka consumer reads, decoded
            Map<Long, StellarLedgerRow> onTopic = consume(allocator);
            assertEquals(expected.size(), onTopic.size(), "ledgers on " + settings.topic() + ": " + onTopic.keySet());
            for (int i = 0; i < expected.size(); i++) {
                StellarLedgerRow row = onTopic.get(first + i);
                assertArrayEquals(expected.get(i), row.ledgerCloseMeta(), "ledger " + (first + i));
                assertEquals(expectedSource(), row.source());
            }

            // 2. Arrow Flight DoGet stellar_ledger:START:END
            List<Long> flightSeqs = new ArrayList<>();
            try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", flight.port())).build();
                 FlightStream stream = client.getStream(new Ticket(("stellar_ledger:" + first + ":" + last)
                         .getBytes(StandardCharsets.UTF_8)))) {
                assertEquals(StellarLedgerSchema.NAME, stream.getSchema().getCustomMetadata().get("quiver.schema.name"));
                while (stream.next()) {
                    VectorSchemaRoot root = stream.getRoot();
                    StellarLedgerVectors v = new StellarLedgerVectors(root);
                    for (int i = 0; i < root.getRowCount(); i++) {
                        StellarLedgerRow row = v.get(i);
                        assertArrayEquals(expected.get((int) (row.sequence() - first)), row.ledgerCloseMeta());
                        flightSeqs.add(row.sequence());
                    }
                }
            }
            assertEquals(range(first, last), flightSeqs);

            // the same range through GetFlightInfo (path form), fetched again: this read starts
            // where the offset index the first one taught says
            try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", flight.port())).build()) {
                FlightInfo info = client.getInfo(FlightDescriptor.path("stellar_ledger:" + first + ":" + last));
                assertEquals(StellarLedgerSchema.SCHEMA.arrowSchema(), info.getSchema());
                List<Long> again = new ArrayList<>();
                try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
                    while (stream.next()) {
                        StellarLedgerVectors v = new StellarLedgerVectors(stream.getRoot());
                        for (int i = 0; i < stream.getRoot().getRowCount(); i++) {
                            StellarLedgerRow row = v.get(i);
                            assertArrayEquals(expected.get((int) (row.sequence() - first)), row.ledgerCloseMeta());
                            again.add(row.sequence());
                        }
                    }
                }
                assertEquals(range(first, last), again);
                FlightRuntimeException bad = assertThrows(FlightRuntimeException.class,
                        () -> client.getInfo(FlightDescriptor.path("ttp_events:1:2")));
                assertEquals(FlightStatusCode.INVALID_ARGUMENT, bad.status().code());
                assertTrue(bad.getMessage().contains("served by ttp-service"), bad.getMessage());
            }
        }

        // 3. the legacy gRPC service, through the stubs generated from raw_ledger_service.proto
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        try {
            var stub = RawLedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            GetLedgerRangeResponse range = stub.getLedgerRange(GetLedgerRangeRequest.newBuilder()
                    .setStartLedger((int) first).setEndLedger((int) last + 1).build());
            assertEquals(expected.size(), range.getLedgersCount());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(first + i, range.getLedgers(i).getSequence());
                assertArrayEquals(expected.get(i), range.getLedgers(i).getLedgerCloseMetaXdr().toByteArray());
            }
            assertTrue(range.getLatestLedger() >= last);
            Iterator<RawLedger> live = RawLedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .streamRawLedgers(StreamLedgersRequest.newBuilder().setStartLedger((int) first).build());
            for (int i = 0; i < expected.size(); i++) {
                RawLedger l = live.next();
                assertEquals(first + i, l.getSequence());
                assertArrayEquals(expected.get(i), l.getLedgerCloseMetaXdr().toByteArray());
            }
            // no ledger comes after these: the live call waits, and ends once the client is gone
            assertEquals(1, ledgersTopic.openReads(), "the live call is reading");
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            OpenReads.awaitNone(ledgersTopic::openReads);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        // 4. health and metrics
        HttpClient http = HttpClient.newHttpClient();
        String health = http.send(HttpRequest.newBuilder(ready.toURI()).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(health.contains("\"ingest\"") && health.contains("\"state\": \"done\""), health);
        String prom = http.send(HttpRequest.newBuilder(metrics.toURI()).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(prom.contains("quiver_ingest_ledgers_total " + expected.size() + ".0"), "ledgers counter in:\n"
                + prom.lines().filter(l -> l.startsWith("quiver_ingest")).toList());
        assertTrue(prom.contains("quiver_ingest_next_ledger " + (last + 1) + ".0"), "next ledger gauge");
        assertTrue(prom.contains("quiver_ingest_open_reads 0.0"), "no request reading");
    }

    private static List<Long> range(long first, long last) {
        List<Long> out = new ArrayList<>();
        for (long s = first; s <= last; s++) {
            out.add(s);
        }
        return out;
    }

    private Map<Long, StellarLedgerRow> consume(BufferAllocator allocator) throws Exception {
        Map<Long, StellarLedgerRow> out = new HashMap<>();
        ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(bootstrap, settings.topic(), Duration.ofSeconds(3))) {
            try (DecodedBatch b = codec.decode(r.value(), r.headers(), StellarLedgerSchema.SCHEMA, allocator)) {
                for (VectorSchemaRoot root : b.batches()) {
                    StellarLedgerVectors v = new StellarLedgerVectors(root);
                    for (int i = 0; i < root.getRowCount(); i++) {
                        StellarLedgerRow row = v.get(i);
                        assertEquals(null, out.put(row.sequence(), row), "ledger " + row.sequence() + " twice");
                    }
                }
            }
        }
        return out;
    }
}
