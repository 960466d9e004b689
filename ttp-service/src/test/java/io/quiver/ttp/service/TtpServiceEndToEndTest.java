package io.quiver.ttp.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.synthetic.LedgerResequencer;
import io.quiver.launcher.QuiverCli;
import io.quiver.legacy.TokenTransferEventProtoConverter;
import io.quiver.legacy.proto.eventservice.EventServiceGrpc;
import io.quiver.legacy.proto.eventservice.GetEventsRequest;
import io.quiver.legacy.proto.tokentransfer.TokenTransferEvent;
import io.quiver.schema.TokenTransferEventSchema;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.service.testing.OpenReads;
import io.quiver.testing.Environment;
import io.quiver.testing.SharedLedgers;
import io.quiver.ttp.pipeline.EventTopicChecks;
import io.quiver.ttp.pipeline.LedgerTopicWriter;
import io.quiver.ttp.service.flight.EventFlightServer;
import io.quiver.ttp.service.grpc.EventGrpcServer;
import jakarta.inject.Inject;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The service on the in-process broker: real pubnet ledgers in on stellar.ledgers.v1 (plus a poison
 * record), events out identical to ./quiver ttp's extraction, served back over the legacy gRPC
 * EventService and Arrow Flight.
 */
@QuarkusTest
class TtpServiceEndToEndTest {

    @Inject
    TtpSettings settings;
    @Inject
    EventGrpcServer grpc;
    @Inject
    EventFlightServer flight;
    @Inject
    EventsTopic eventsTopic;
    /** The broker the service uses (Quarkus's in-process one, not a test-local one). */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void eventsMatchTheExtractorAndComeBackOverGrpcAndFlight() throws Exception {
        List<SourcedLedger> ledgers = EventTopicChecks.ledgers("mainnet/ttp-example-ledgers-base64.txt");
        List<TokenTransferEventRow> want = EventTopicChecks.expected(ledgers, SharedLedgers.PUBNET);
        try (BufferAllocator allocator = new RootAllocator(); KafkaProducer<byte[], byte[]> p = producer()) {
            for (SourcedLedger l : ledgers) {
                LedgerTopicWriter.write(p, settings.inputTopic(), List.of(l), SharedLedgers.PUBNET, allocator);
                if (l == ledgers.get(1)) {
                    p.send(new ProducerRecord<>(settings.inputTopic(), "x".getBytes(), "poison".getBytes())).get();
                }
            }
            // 1. the events topic, as a Kafka consumer reads it
            List<TokenTransferEventRow> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (got.size() < want.size() && System.nanoTime() < deadline) {
                got = EventTopicChecks.eventRows(bootstrap, settings.eventsTopic(), allocator);
            }
            assertEquals(want.size(), got.size(), "events on " + settings.eventsTopic());
            Map<String, TokenTransferEventRow> byId = new HashMap<>();
            got.forEach(r -> byId.put(r.eventId(), r));
            for (TokenTransferEventRow w : want) {
                assertEquals(TokenTransferEventProtoConverter.toProto(w), TokenTransferEventProtoConverter.toProto(byId.get(w.eventId())));
            }

            // 1b. exactly what ./quiver ttp prints for the same file (stellar/go's protojson), event for
            // event in the file's ledger order, every field
            ByteArrayOutputStream cli = new ByteArrayOutputStream();
            int exit = QuiverCli.run(new String[] {"ttp", "--network", "pubnet",
                    Environment.sharedStellar().resolve("mainnet/ttp-example-ledgers-base64.txt").toString()},
                    new PrintStream(cli, true, StandardCharsets.UTF_8), System.err);
            assertEquals(0, exit, "./quiver ttp");
            List<String> printed = cli.toString(StandardCharsets.UTF_8).lines().toList();
            List<Long> fileOrder = ledgers.stream().map(SourcedLedger::sequence).toList();
            List<TokenTransferEventRow> topicOrder = got.stream()
                    .sorted(Comparator.comparingInt((TokenTransferEventRow e) -> fileOrder.indexOf(e.ledgerSequence()))
                            .thenComparingLong(TokenTransferEventRow::eventIndex)).toList();
            assertEquals(topicOrder.size(), printed.size(), "events printed by ./quiver ttp");
            ObjectMapper json = new ObjectMapper();
            JsonFormat.Printer protojson = JsonFormat.printer();
            for (int i = 0; i < printed.size(); i++) {
                assertEquals(json.readTree(printed.get(i)),
                        json.readTree(protojson.print(TokenTransferEventProtoConverter.toProto(topicOrder.get(i)))), "event " + i);
            }

            // 2. the legacy gRPC EventService (stubs generated from event_service.proto)
            long first = ledgers.stream().mapToLong(SourcedLedger::sequence).min().getAsLong();
            long last = ledgers.stream().mapToLong(SourcedLedger::sequence).max().getAsLong();
            // served in ledger order (the file lists the ledgers in another order)
            want.sort(java.util.Comparator.comparingLong(TokenTransferEventRow::ledgerSequence)
                    .thenComparingLong(TokenTransferEventRow::eventIndex));
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
            try {
                Iterator<TokenTransferEvent> it = EventServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                        .getTTPEvents(GetEventsRequest.newBuilder().setStartLedger((int) first).setEndLedger((int) last).build());
                List<TokenTransferEvent> streamed = new ArrayList<>();
                it.forEachRemaining(streamed::add);
                assertEquals(want.size(), streamed.size());
                for (int i = 0; i < want.size(); i++) {
                    assertEquals(TokenTransferEventProtoConverter.toProto(want.get(i)), streamed.get(i), "event " + i + " in order");
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }

            // 3. Arrow Flight with a filter in the ticket, asked for as clients that list and ask first do
            List<TokenTransferEventRow> fees = want.stream().filter(e -> e.eventType().equals("fee")).toList();
            List<TokenTransferEventRow> flown = new ArrayList<>();
            try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", flight.port())).build()) {
                List<FlightInfo> listed = new ArrayList<>();
                client.listFlights(Criteria.ALL).forEach(listed::add);
                assertEquals(List.of(List.of("ttp_events")), listed.stream().map(i -> i.getDescriptor().getPath()).toList());
                String ticket = "ttp_events:" + first + ":" + last + ":type=fee";
                FlightInfo info = client.getInfo(FlightDescriptor.command(ticket.getBytes(StandardCharsets.UTF_8)));
                assertEquals(TokenTransferEventSchema.SCHEMA.arrowSchema(), info.getSchema());
                assertEquals(1, info.getEndpoints().size());
                FlightRuntimeException bad = assertThrows(FlightRuntimeException.class,
                        () -> client.getInfo(FlightDescriptor.command("ttp_events:1:2:colour=red".getBytes(StandardCharsets.UTF_8))));
                assertEquals(FlightStatusCode.INVALID_ARGUMENT, bad.status().code());
                assertTrue(bad.getMessage().contains("ticket filter key 'colour'"), bad.getMessage());
                try (FlightStream s = client.getStream(info.getEndpoints().get(0).getTicket())) {
                    while (s.next()) {
                        TokenTransferEventVectors v = new TokenTransferEventVectors(s.getRoot());
                        for (int i = 0; i < s.getRoot().getRowCount(); i++) {
                            flown.add(v.get(i));
                        }
                    }
                }
            }
            assertEquals(fees.size(), flown.size());
            for (int i = 0; i < fees.size(); i++) {
                assertEquals(fees.get(i).eventId(), flown.get(i).eventId());
            }
        }
        // 4. health and metrics
        HttpClient http = HttpClient.newHttpClient();
        String health = http.send(HttpRequest.newBuilder(ready.toURI()).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(health.contains("ttp-pipeline") && health.contains("\"status\": \"UP\""), health);
        String prom = http.send(HttpRequest.newBuilder(metrics.toURI()).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(prom.contains("quiver_ttp_ledgers_total 5.0"), prom.lines().filter(l -> l.startsWith("quiver_ttp")).toList().toString());
        assertTrue(prom.contains("quiver_ttp_dead_letters_total 1.0"), "the poison record counted");
        assertTrue(prom.contains("quiver_ttp_events_total{type=\"fee\"}"), "events by type");
        assertTrue(prom.contains("quiver_ttp_lag_records 0.0"), "caught up: no lag");

        // 5. gRPC live (end_ledger 0): the last ledger's events, then those of a ledger written while
        // the call is open (the last ledger again, renumbered to follow itself)
        SourcedLedger newest = ledgers.stream().max(Comparator.comparingLong(SourcedLedger::sequence)).get();
        long last = newest.sequence();
        SourcedLedger next = LedgerResequencer.sequence(List.of(newest.xdr()), last + 1, 1).get(0);
        List<TokenTransferEventRow> before = want.stream().filter(e -> e.ledgerSequence() == last).toList();
        List<TokenTransferEventRow> after = EventTopicChecks.expected(List.of(next), SharedLedgers.PUBNET);
        assertTrue(!before.isEmpty() && after.size() == before.size(), "events in both ledgers: " + before.size() + ", " + after.size());
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
        try (BufferAllocator allocator = new RootAllocator(); KafkaProducer<byte[], byte[]> p = producer()) {
            Iterator<TokenTransferEvent> live = EventServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .getTTPEvents(GetEventsRequest.newBuilder().setStartLedger((int) last).setEndLedger(0).build());
            for (TokenTransferEventRow w : before) {
                assertEquals(TokenTransferEventProtoConverter.toProto(w), live.next(), "ledger " + last);
            }
            LedgerTopicWriter.write(p, settings.inputTopic(), List.of(next), SharedLedgers.PUBNET, allocator);
            for (TokenTransferEventRow w : after) {
                assertEquals(TokenTransferEventProtoConverter.toProto(w), live.next(), "ledger " + next.sequence() + ", written during the call");
            }
            // nothing comes after it: the live call waits, and ends once the client is gone
            assertEquals(1, eventsTopic.openReads(), "the live call is reading");
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            OpenReads.awaitNone(eventsTopic::openReads);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("max.request.size", 8 << 20);
        return new KafkaProducer<>(p, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
    }
}
