package io.quiver.ttp.pipeline;

import static io.quiver.ttp.pipeline.EventTopicChecks.byId;
import static io.quiver.ttp.pipeline.EventTopicChecks.eventRows;
import static io.quiver.ttp.pipeline.EventTopicChecks.expected;
import static io.quiver.ttp.pipeline.EventTopicChecks.ledgers;
import static io.quiver.testing.TestKafka.readCommitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.synthetic.LedgerResequencer;
import io.quiver.kafka.DeadLetterPublisher;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.Topics;
import io.quiver.legacy.TokenTransferEventProtoConverter;
import io.quiver.schema.ContractEventSchema;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.SharedLedgers;
import io.quiver.testing.TestKafka;
import io.quiver.ttp.output.ContractEventRows;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowAllocatorExtension.class)
class TtpPipelineTest {

    static KafkaClients kafka() {
        return KafkaClients.plaintext(TestKafka.broker().bootstrapServers());
    }

    /** Short enough that a killed instance's partitions move within the test. */
    static final Duration SESSION = Duration.ofSeconds(6);

    record Io(String in, String events, String proto, String contract) {
        static Io fresh(int partitions) {
            String in = TestKafka.freshTopic("ledgers", partitions);
            TestKafka.broker().createTopics(1, Topics.deadLetterOf(in));
            return new Io(in, TestKafka.freshTopic("events", 3), TestKafka.freshTopic("proto", 3), TestKafka.freshTopic("contract", 3));
        }

        EventRecords.Topics out() {
            return new EventRecords.Topics(events, proto, contract);
        }
    }

    /** Row-mode records by their {@code quiver.event.id} header, parsed as stellar/go protobufs. */
    static Map<String, io.quiver.legacy.proto.tokentransfer.TokenTransferEvent> protosById(
            List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, io.quiver.legacy.proto.tokentransfer.TokenTransferEvent> out = new HashMap<>();
        for (var r : records) {
            String id = new String(r.headers().lastHeader(EventRecords.EVENT_ID).value(), StandardCharsets.UTF_8);
            out.put(id, io.quiver.legacy.proto.tokentransfer.TokenTransferEvent.parseFrom(r.value()));
        }
        return out;
    }

    static TtpPipeline pipeline(Io topics, String group, String instance, EventRecords.Mode mode, EventFilter filter,
                                BufferAllocator allocator, AtomicLong ledgers, AtomicLong dead) {
        return new TtpPipeline(new TtpPipeline.Settings(topics.in(), group, instance, kafka(), 8, SESSION), ArrowKafkaCodec.defaults(), allocator,
                new LedgerEvents(false, filter, new NetworkPassphrases(List.of(SharedLedgers.LOAD_TEST))),
                new EventRecords(ArrowKafkaCodec.defaults(), allocator, mode, topics.out()),
                (records, n, x, d, bytes) -> {
                    ledgers.addAndGet(n);
                    dead.addAndGet(d);
                });
    }

    interface Check {
        void run() throws Exception;
    }

    /** Runs {@code pipeline} on its own thread until {@code until} returns, then stops it. */
    static void runUntil(TtpPipeline pipeline, Check until) throws Exception {
        Thread t = new Thread(pipeline);
        t.start();
        try {
            until.run();
        } finally {
            pipeline.stop();
            t.join(30_000);
        }
    }

    static void awaitLedgers(AtomicLong ledgers, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (ledgers.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(n, ledgers.get(), "ledgers processed");
    }

    @Test
    void eventsOnTheTopicAreExactlyWhatTheCommandLineExtractsAndAPoisonRecordGoesToTheDlq(BufferAllocator allocator) throws Exception {
        Io topics = Io.fresh(3);
        List<SourcedLedger> pubnet = ledgers("mainnet/ttp-example-ledgers-base64.txt");
        List<SourcedLedger> load = ledgers("synthetic-soroban-loadtest/load-test-ledgers-v22.xdr.zstd");
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            for (SourcedLedger l : pubnet) {
                LedgerTopicWriter.write(p, topics.in(), List.of(l), SharedLedgers.PUBNET, allocator);
            }
            p.send(new ProducerRecord<>(topics.in(), "poison".getBytes(StandardCharsets.UTF_8), "not arrow".getBytes(StandardCharsets.UTF_8))).get();
            LedgerTopicWriter.write(p, topics.in(), load, SharedLedgers.LOAD_TEST, allocator);
        }
        AtomicLong n = new AtomicLong();
        AtomicLong dead = new AtomicLong();
        TtpPipeline pipeline = pipeline(topics, "g-" + UUID.randomUUID(), "i-" + UUID.randomUUID(), EventRecords.Mode.ARROW,
                EventFilter.ALL, allocator, n, dead);
        runUntil(pipeline, () -> {
            awaitLedgers(n, pubnet.size() + load.size());
            assertEquals(1, dead.get());
        });
        List<TokenTransferEventRow> want = new ArrayList<>(expected(pubnet, SharedLedgers.PUBNET));
        want.addAll(expected(load, SharedLedgers.LOAD_TEST));
        assertEquals(1222 + 2400, want.size(), "the reference counts of these ledgers");
        TreeMap<String, TokenTransferEventRow> got = byId(eventRows(topics.events(), allocator));
        assertEquals(want.size(), got.size());
        for (TokenTransferEventRow w : want) {
            TokenTransferEventRow g = got.get(w.eventId());
            assertEquals(TokenTransferEventProtoConverter.toProto(w), TokenTransferEventProtoConverter.toProto(g), w.eventId());
        }
        // read back in ledger order, as gRPC and Flight do (the ledgers are far apart: gaps between records)
        List<String> readBack = new ArrayList<>();
        new EventTopicReader(kafka(), topics.events(), ArrowKafkaCodec.defaults(), allocator)
                .read(1, java.util.OptionalLong.of(pubnet.stream().mapToLong(SourcedLedger::sequence).max().getAsLong()), EventFilter.ALL,
                        r -> readBack.add(r.eventId()));
        List<String> inOrder = want.stream().sorted(java.util.Comparator.comparingLong(TokenTransferEventRow::ledgerSequence)
                .thenComparingLong(TokenTransferEventRow::eventIndex)).map(TokenTransferEventRow::eventId).toList();
        assertEquals(inOrder.size(), readBack.size(), "events read back");
        assertTrue(inOrder.equals(readBack), "every event, in ledger order");
        long contract = 0;
        for (var r : readCommitted(topics.contract(), Duration.ofSeconds(1))) {
            try (DecodedBatch b = ArrowKafkaCodec.defaults().decode(r.value(), r.headers(), ContractEventSchema.SCHEMA, allocator)) {
                contract += b.rowCount();
            }
        }
        long wantContract = 0;
        for (SourcedLedger l : load) {
            wantContract += new ContractEventRows(SharedLedgers.LOAD_TEST).of(new RawLedger("t", l.xdr(), 0, l.xdr().length).decode()).size();
        }
        assertTrue(wantContract >= 2000, "the load test's SAC transfers");
        assertEquals(wantContract, contract, "contract events");
        var dlq = readCommitted(Topics.deadLetterOf(topics.in()), Duration.ofSeconds(1));
        assertEquals(1, dlq.size());
        String reason = new String(dlq.get(0).headers().lastHeader(DeadLetterPublisher.REASON).value(), StandardCharsets.UTF_8);
        assertTrue(reason.contains(topics.in()) && reason.contains("not an Arrow IPC stream"), reason);
        assertEquals("not arrow", new String(dlq.get(0).value(), StandardCharsets.UTF_8), "the poison record, unchanged");
    }

    @Test
    void rowModeWritesOneProtobufPerEventAndFiltersApplyAndContractEventsCanBeLeftOut(BufferAllocator allocator) throws Exception {
        Io topics = Io.fresh(1);
        List<SourcedLedger> load = ledgers("synthetic-soroban-loadtest/load-test-ledgers-v22.xdr.zstd");
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            LedgerTopicWriter.write(p, topics.in(), load, SharedLedgers.LOAD_TEST, allocator);
        }
        AtomicLong n = new AtomicLong();
        AtomicLong contractEvents = new AtomicLong();
        // contract events off, as ttp-service sets it up: not extracted, no contract-events topic
        TtpPipeline pipeline = new TtpPipeline(new TtpPipeline.Settings(topics.in(), "g-" + UUID.randomUUID(), "i-" + UUID.randomUUID(),
                kafka(), 8, SESSION), ArrowKafkaCodec.defaults(), allocator,
                new LedgerEvents(false, false, EventFilter.of(List.of("fee", "mint"), List.of(), List.of(), List.of()),
                        new NetworkPassphrases(List.of(SharedLedgers.LOAD_TEST))),
                new EventRecords(ArrowKafkaCodec.defaults(), allocator, EventRecords.Mode.ROWS,
                        new EventRecords.Topics(topics.events(), topics.proto(), null)),
                (records, ledgers, x, d, bytes) -> {
                    n.addAndGet(ledgers);
                    x.forEach(e -> contractEvents.addAndGet(e.contractEvents().size()));
                });
        runUntil(pipeline, () -> {
            awaitLedgers(n, load.size());
        });
        long wouldBe = load.stream().mapToLong(l -> new ContractEventRows(SharedLedgers.LOAD_TEST)
                .of(new RawLedger("t", l.xdr(), 0, l.xdr().length).decode()).size()).sum();
        assertTrue(wouldBe > 0, "these ledgers have contract events");
        assertEquals(0, contractEvents.get(), "no contract events extracted");
        assertTrue(readCommitted(topics.contract(), Duration.ofSeconds(1)).isEmpty(), "nothing on the contract-events topic");
        List<TokenTransferEventRow> want = expected(load, SharedLedgers.LOAD_TEST).stream()
                .filter(e -> Set.of("fee", "mint").contains(e.eventType())).toList();
        assertTrue(want.size() > 100, "enough fee and mint events to matter: " + want.size());
        var records = readCommitted(topics.proto(), Duration.ofSeconds(2));
        assertEquals(want.size(), records.size(), "one record per kept event");
        assertTrue(readCommitted(topics.events(), Duration.ofSeconds(1)).isEmpty(), "no Arrow events in row mode");
        Map<String, io.quiver.legacy.proto.tokentransfer.TokenTransferEvent> got = protosById(records);
        for (TokenTransferEventRow w : want) {
            assertEquals(TokenTransferEventProtoConverter.toProto(w), got.get(w.eventId()), w.eventId());
        }
    }

    @Test
    void bothModeWritesEveryEventAsArrowAndAsAProtobufRecord(BufferAllocator allocator) throws Exception {
        Io topics = Io.fresh(2);
        List<SourcedLedger> pubnet = ledgers("mainnet/ttp-example-ledgers-base64.txt");
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            for (SourcedLedger l : pubnet) {
                LedgerTopicWriter.write(p, topics.in(), List.of(l), SharedLedgers.PUBNET, allocator);
            }
        }
        AtomicLong n = new AtomicLong();
        AtomicLong dead = new AtomicLong();
        TtpPipeline pipeline = pipeline(topics, "g-" + UUID.randomUUID(), "i-" + UUID.randomUUID(), EventRecords.Mode.BOTH,
                EventFilter.ALL, allocator, n, dead);
        runUntil(pipeline, () -> awaitLedgers(n, pubnet.size()));
        List<TokenTransferEventRow> want = expected(pubnet, SharedLedgers.PUBNET);
        assertEquals(1222, want.size(), "the reference count of these ledgers");
        TreeMap<String, TokenTransferEventRow> arrow = byId(eventRows(topics.events(), allocator));
        var records = readCommitted(topics.proto(), Duration.ofSeconds(2));
        Map<String, io.quiver.legacy.proto.tokentransfer.TokenTransferEvent> proto = protosById(records);
        assertEquals(want.size(), arrow.size(), "Arrow events");
        assertEquals(want.size(), records.size(), "one protobuf record per event");
        for (TokenTransferEventRow w : want) {
            var expected = TokenTransferEventProtoConverter.toProto(w);
            assertEquals(expected, TokenTransferEventProtoConverter.toProto(arrow.get(w.eventId())), w.eventId());
            assertEquals(expected, proto.get(w.eventId()), w.eventId());
        }
        assertEquals(0, dead.get());
    }

    @Test
    void twoInstancesShareTheGroupAndAKilledOneLeavesEveryEventOnce(BufferAllocator allocator) throws Exception {
        Io topics = Io.fresh(6);
        List<SourcedLedger> pubnet = ledgers("mainnet/ttp-example-ledgers-base64.txt");
        List<byte[]> templates = pubnet.stream().map(SourcedLedger::xdr).toList();
        int count = 120;
        List<SourcedLedger> stream = LedgerResequencer.sequence(templates, 50_000_000, count);
        List<TokenTransferEventRow> want = expected(stream, SharedLedgers.PUBNET);
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            for (SourcedLedger l : stream) {
                LedgerTopicWriter.write(p, topics.in(), List.of(l), SharedLedgers.PUBNET, allocator);
            }
        }
        String group = "g-" + UUID.randomUUID();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process a = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TtpMain.class.getName(), TestKafka.broker().bootstrapServers(), topics.in(), topics.events(), topics.proto(), topics.contract(),
                group, "a-" + UUID.randomUUID()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicLong n = new AtomicLong();
        TtpPipeline b = pipeline(topics, group, "b-" + UUID.randomUUID(), EventRecords.Mode.ARROW, EventFilter.ALL, allocator, n,
                new AtomicLong());
        Thread t = new Thread(b);
        int aCommits = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(a.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("committed") && ++aCommits == 1) {
                    t.start(); // B joins the group while A works: the partitions are split
                }
                if (aCommits == 4) {
                    break;
                }
            }
            a.destroyForcibly();
            a.waitFor();
        }
        assertEquals(4, aCommits, "instance A committed before it was killed");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            // B takes over A's partitions after the session timeout and finishes the stream
            while (System.nanoTime() < deadline && eventRows(topics.events(), allocator).size() < want.size()) {
                Thread.sleep(500);
            }
        } finally {
            b.stop();
            t.join(30_000);
        }
        assertTrue(n.get() > 0 && n.get() < count, "both instances processed part of the stream (B: " + n.get() + " of " + count + ")");
        TreeMap<String, TokenTransferEventRow> got = byId(eventRows(topics.events(), allocator));
        assertEquals(want.size(), got.size(), "every event once");
        for (TokenTransferEventRow w : want) {
            assertEquals(TokenTransferEventProtoConverter.toProto(w), TokenTransferEventProtoConverter.toProto(got.get(w.eventId())));
        }
    }

    @Test
    void aLedgerRecordWhoseEventsTheBrokerRefusesGoesToTheDlqAndTheRestGoesOn(BufferAllocator allocator) throws Exception {
        List<SourcedLedger> pubnet = ledgers("mainnet/ttp-example-ledgers-base64.txt");
        // the events topic takes every ledger's events batch but the biggest one's
        LedgerEvents extract = new LedgerEvents(false, EventFilter.ALL, new NetworkPassphrases(List.of()));
        EventRecords encode = new EventRecords(ArrowKafkaCodec.defaults(), allocator, EventRecords.Mode.ARROW,
                new EventRecords.Topics("e", "p", "c"));
        int[] bytes = new int[pubnet.size()];
        int biggest = 0;
        for (int i = 0; i < pubnet.size(); i++) {
            bytes[i] = eventRecordBytes(pubnet.get(i), SharedLedgers.PUBNET, extract, encode, allocator);
            biggest = bytes[i] > bytes[biggest] ? i : biggest;
        }
        int others = 0;
        for (int i = 0; i < bytes.length; i++) {
            others = i == biggest ? others : Math.max(others, bytes[i]);
        }
        int limit = others + 4096;
        assertTrue(bytes[biggest] > limit, "the biggest batch (" + bytes[biggest] + " bytes) must be over the limit (" + limit + ")");
        String in = TestKafka.freshTopic("ledgers", 1);
        TestKafka.broker().createTopics(1, Topics.deadLetterOf(in));
        Io topics = new Io(in, "events-small-" + UUID.randomUUID(), TestKafka.freshTopic("proto", 1), TestKafka.freshTopic("contract", 1));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.broker().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.events(), 1, (short) 1)
                    .configs(Map.of("max.message.bytes", Integer.toString(limit))))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            for (SourcedLedger l : pubnet) {
                LedgerTopicWriter.write(p, in, List.of(l), SharedLedgers.PUBNET, allocator);
            }
        }
        AtomicLong n = new AtomicLong();
        AtomicLong dead = new AtomicLong();
        TtpPipeline pipeline = pipeline(topics, "g-" + UUID.randomUUID(), "i-" + UUID.randomUUID(), EventRecords.Mode.ARROW,
                EventFilter.ALL, allocator, n, dead);
        runUntil(pipeline, () -> {
            awaitLedgers(dead, 1); // the refused record, dead-lettered on the second pass
            awaitLedgers(n, pubnet.size() - 1);
        });
        long refusedLedger = pubnet.get(biggest).sequence();
        List<TokenTransferEventRow> want = expected(pubnet, SharedLedgers.PUBNET).stream()
                .filter(e -> e.ledgerSequence() != refusedLedger).toList();
        TreeMap<String, TokenTransferEventRow> got = byId(eventRows(topics.events(), allocator));
        assertEquals(want.size(), got.size(), "every event of the other ledgers, none of the refused one");
        for (TokenTransferEventRow w : want) {
            assertEquals(TokenTransferEventProtoConverter.toProto(w), TokenTransferEventProtoConverter.toProto(got.get(w.eventId())));
        }
        assertEquals(pubnet.size() - 1, readCommitted(topics.contract(), Duration.ofSeconds(1)).size(),
                "no contract events of the refused record: its transaction was aborted whole");
        var dlq = readCommitted(Topics.deadLetterOf(in), Duration.ofSeconds(1));
        assertEquals(1, dlq.size());
        String reason = new String(dlq.get(0).headers().lastHeader(DeadLetterPublisher.REASON).value(), StandardCharsets.UTF_8);
        assertTrue(reason.startsWith(in + "-0@" + biggest + ": output refused by the broker (" + topics.events() + ")"), reason);
        try (DecodedBatch b = ArrowKafkaCodec.defaults().decode(dlq.get(0).value(), dlq.get(0).headers(),
                io.quiver.schema.StellarLedgerSchema.SCHEMA, allocator)) {
            assertEquals(refusedLedger, new io.quiver.schema.rows.StellarLedgerVectors(b.batches().get(0)).get(0).sequence(),
                    "the refused ledger record, unchanged");
        }
    }

    private static int eventRecordBytes(SourcedLedger l, String passphrase, LedgerEvents extract, EventRecords encode,
                                        BufferAllocator allocator) throws Exception {
        // the ledger as ingest puts it on the topic, extracted and encoded as the pipeline does
        int max = 0;
        byte[] networkId = io.quiver.stellar.NetworkIds.networkId(passphrase);
        try (VectorSchemaRoot root = io.quiver.schema.rows.StellarLedgerVectors.newRoot(allocator)) {
            new io.quiver.schema.rows.StellarLedgerVectors(root).append(io.quiver.ingest.publish.StellarLedgerRows.of(l, networkId, "file"));
            var encoded = ArrowKafkaCodec.defaults().encode(root, io.quiver.codec.BatchLabel.ledgers(l.sequence(), l.sequence()));
            try (DecodedBatch b = ArrowKafkaCodec.defaults().decode(encoded.get(0).value(),
                    encoded.get(0).headers(),
                    io.quiver.schema.StellarLedgerSchema.SCHEMA, allocator)) {
                for (ProducerRecord<byte[], byte[]> r : encode.of(extract.extract(b))) {
                    if (r.topic().equals("e")) {
                        max = Math.max(max, r.value().length + r.key().length + 200);
                    }
                }
            }
        }
        return max;
    }
}
