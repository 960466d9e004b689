package io.quiver.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.EncodedRecord;
import io.quiver.codec.RecordHeaders;
import io.quiver.ingest.publish.StellarLedgerRows;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.synthetic.LedgerResequencer;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.legacy.proto.tokentransfer.TokenTransferEvent;
import io.quiver.schema.TokenTransferEventSchema;
import io.quiver.schema.rows.StellarLedgerVectors;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.ttp.pipeline.EventFilter;
import io.quiver.ttp.pipeline.EventRecords;
import io.quiver.ttp.pipeline.LedgerEvents;
import io.quiver.ttp.pipeline.NetworkPassphrases;
import io.quiver.ttp.pipeline.TtpPipeline;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./quiver bench ttp-kafka}: the ledgers-topic -> events-topic hop of ttp-service through a
 * real in-process broker, Arrow mode (TokenTransferEvent batches) against row mode (one stellar/go
 * protobuf per record, the "before" system), in one run, alternating, several runs each; then a
 * downstream consumer reading all events of each form back to objects. Reports events/s and the
 * bytes per event on the wire (key + value + headers of the event records), medians. Twice: with
 * contract events (the default) and with token transfers only; each time also the shared stage and
 * the output stage alone, and the ceiling they put on the ratio.
 * {@code -Dquiver.bench.poll=N} sets the ledger records per transaction (8, as the service; 32 measured
 * the same here: the hop is bound by extraction, not by commits).
 */
public final class TtpHopBench {

    private static final String PUBNET = "Public Global Stellar Network ; September 2015";

    /** The two output forms compared ({@code both} is their sum, not a third contender). */
    private static final List<EventRecords.Mode> COMPARED = List.of(EventRecords.Mode.ARROW, EventRecords.Mode.ROWS);

    /** Bytes per event of vector data in the decoded batches of the last {@link #held} in Arrow mode. */
    private static double heldData;

    private record Run(double seconds, long events, double steadySeconds, long steadyEvents) {
        /** Events/s after the first commit (start-up excluded). */
        double steadyRate() {
            return steadyEvents / steadySeconds;
        }

        /** Median steady rate of each mode's runs. */
        static Map<EventRecords.Mode, Double> steadyMedians(Map<EventRecords.Mode, List<Run>> results) {
            Map<EventRecords.Mode, Double> steady = new HashMap<>();
            results.forEach((mode, runs) -> steady.put(mode, median(runs.stream().map(Run::steadyRate).toList())));
            return steady;
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int ledgers = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        List<byte[]> templates = new ArrayList<>();
        for (RawLedger r : LedgerFiles.read(XdrDecodeBenchmark.sharedStellar()
                .resolve("synthetic-soroban-loadtest/load-test-ledgers-v22.xdr.zstd")).ledgers()) {
            templates.add(r.bytes());
        }
        List<SourcedLedger> stream = LedgerResequencer.sequence(templates, 1000, ledgers);
        System.out.printf(Locale.ROOT, "ttp hop benchmark: %d renumbered Soroban load-test ledgers (1,200 SAC transfers each), %d runs"
                + " per mode, %d cores, JDK %s%n", ledgers, runs, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); RootAllocator allocator = new RootAllocator()) {
            Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            String in = "bench.ledgers";
            broker.createTopics(6, in, in + ".dlq");
            writeLedgers(kafka, in, stream, allocator);
            for (boolean contractEvents : new boolean[] {true, false}) {
                System.out.println(contractEvents
                        ? "with contract events (the default: every contract event to the contract-events topic, Arrow in both modes)"
                        : "token transfers only (quiver.ttp.contract-events=false)");
                configuration(broker, kafka, in, ledgers, runs, contractEvents, allocator);
            }
            pubnet(broker, kafka, runs, allocator);
        }
        System.exit(0);
    }

    /**
     * The hop on ledgers as pubnet has them (the five real pubnet ledgers of protocols 2-19,
     * renumbered into 1,000), default configuration: what a backfill of history runs at.
     */
    private static void pubnet(EmbeddedKafkaBroker broker, Map<String, Object> kafka, int runs, RootAllocator allocator)
            throws Exception {
        int ledgers = 1000;
        List<byte[]> templates = new ArrayList<>();
        for (RawLedger r : LedgerFiles.read(XdrDecodeBenchmark.sharedStellar().resolve("mainnet/ttp-example-ledgers-base64.txt")).ledgers()) {
            templates.add(r.bytes());
        }
        String in = "bench.pubnet";
        broker.createTopics(6, in, in + ".dlq");
        writeLedgers(kafka, in, LedgerResequencer.sequence(templates, 1000, ledgers), PUBNET, allocator);
        System.out.printf(Locale.ROOT, "pubnet: %d renumbered copies of the %d real pubnet ledgers (protocols 2-19), with contract events%n",
                ledgers, templates.size());
        Map<EventRecords.Mode, List<Run>> results = new HashMap<>();
        for (int r = 0; r < runs; r++) {
            for (EventRecords.Mode mode : COMPARED) {
                String suffix = UUID.randomUUID().toString().substring(0, 8);
                EventRecords.Topics out = new EventRecords.Topics("pubnet.events." + suffix, "pubnet.proto." + suffix,
                        "pubnet.contract." + suffix);
                broker.createTopics(6, out.events(), out.protoEvents(), out.contractEvents());
                results.computeIfAbsent(mode, m -> new ArrayList<>()).add(hop(kafka, in, out, mode, ledgers, true, allocator));
            }
        }
        Map<EventRecords.Mode, Double> steady = Run.steadyMedians(results);
        for (EventRecords.Mode mode : COMPARED) {
            List<Run> rs = results.get(mode);
            double ledgersPerSecond = median(rs.stream().map(x -> ledgers / x.seconds()).toList());
            System.out.printf(Locale.ROOT, "  %-5s hop: median %,9.0f events/s after the first commit; %,6.0f ledgers/s over the whole run%n",
                    mode.name().toLowerCase(Locale.ROOT), steady.get(mode), ledgersPerSecond);
        }
        printHopRatio(steady);
    }

    private static void configuration(EmbeddedKafkaBroker broker, Map<String, Object> kafka, String in, int ledgers, int runs,
                                      boolean contractEvents, RootAllocator allocator) throws Exception {
        Map<EventRecords.Mode, List<Run>> results = new HashMap<>();
        Map<EventRecords.Mode, long[]> wire = new HashMap<>();
        Map<EventRecords.Mode, List<Double>> readRates = new HashMap<>();
        Map<EventRecords.Mode, Double> heldPerEvent = new HashMap<>();
        for (int r = 0; r < runs; r++) {
            for (EventRecords.Mode mode : COMPARED) {
                String suffix = UUID.randomUUID().toString().substring(0, 8);
                EventRecords.Topics out = new EventRecords.Topics("bench.events." + suffix, "bench.proto." + suffix,
                        contractEvents ? "bench.contract." + suffix : null);
                broker.createTopics(6, out.events(), out.protoEvents(), "bench.contract." + suffix);
                results.computeIfAbsent(mode, m -> new ArrayList<>()).add(hop(kafka, in, out, mode, ledgers, contractEvents, allocator));
                if (contractEvents) { // the events topic is the same either way: read it back once
                    String topic = mode == EventRecords.Mode.ARROW ? out.events() : out.protoEvents();
                    long[] read = readBack(kafka, topic, mode, allocator);
                    wire.put(mode, new long[] {read[0], read[1]});
                    readRates.computeIfAbsent(mode, m -> new ArrayList<>()).add(read[0] / (read[2] / 1e9));
                    if (r == 0) {
                        heldPerEvent.put(mode, held(kafka, topic, mode, allocator));
                    }
                }
            }
        }
        Map<EventRecords.Mode, Double> steady = Run.steadyMedians(results);
        for (EventRecords.Mode mode : COMPARED) {
            List<Run> rs = results.get(mode);
            double whole = median(rs.stream().map(x -> x.events() / x.seconds()).toList());
            System.out.printf(Locale.ROOT, "  %-5s hop: median %,9.0f events/s (after the first commit %,9.0f)%n",
                    mode.name().toLowerCase(Locale.ROOT), whole, steady.get(mode));
            if (contractEvents) {
                long[] w = wire.get(mode);
                System.out.printf(Locale.ROOT, "        %6.1f bytes/event on the wire (%d events, %,d bytes); a consumer reading them back:"
                        + " %,10.0f events/s%n", (double) w[1] / w[0], w[0], w[1], median(readRates.get(mode)));
                System.out.printf(Locale.ROOT, "        %6.1f bytes/event held in memory by a consumer keeping them all (%s)%n",
                        heldPerEvent.get(mode), mode == EventRecords.Mode.ARROW
                                ? String.format(Locale.ROOT, "decoded Arrow batches: allocated buffers, %.1f of them vector data", heldData)
                                : "parsed protobuf objects, heap after a full GC");
            }
        }
        printHopRatio(steady);
        if (contractEvents) {
            System.out.printf(Locale.ROOT, "  arrow / rows, consumer read: %.1fx; memory held: %.0f%% less%n",
                    median(readRates.get(EventRecords.Mode.ARROW)) / median(readRates.get(EventRecords.Mode.ROWS)),
                    100 * (1 - heldPerEvent.get(EventRecords.Mode.ARROW) / heldPerEvent.get(EventRecords.Mode.ROWS)));
        }
        outputStage(broker, kafka, in, runs, contractEvents, allocator);
    }

    /**
     * What bounds the ratio: the stage both modes share (decode the input record, extract, and the
     * contract events when on), timed alone; then the part where they differ, the output of the
     * same extracted events (encode, produce, commit), Arrow against rows. Were the Arrow output
     * free, the hop ratio could still not exceed (shared + row output) / shared.
     */
    private static void outputStage(EmbeddedKafkaBroker broker, Map<String, Object> kafka, String in, int runs, boolean contractEvents,
                                    RootAllocator allocator) throws Exception {
        List<LedgerEvents.Extracted> extracted = new ArrayList<>();
        List<Double> sharedRates = new ArrayList<>();
        LedgerEvents events = new LedgerEvents(false, contractEvents, EventFilter.ALL, new NetworkPassphrases(List.of("load test network")));
        List<ConsumerRecord<byte[], byte[]>> input = readAll(kafka, in);
        // timed rounds keep nothing, as the pipeline keeps nothing past a poll (holding a million
        // rows made these numbers swing with the collector); a last round keeps the output's input
        for (int r = 0; r < runs + 2; r++) {
            boolean keep = r == runs + 1;
            long t0 = System.nanoTime();
            long n = 0;
            for (ConsumerRecord<byte[], byte[]> rec : input) {
                try (DecodedBatch b = ArrowKafkaCodec.defaults().decode(rec.value(), rec.headers(),
                        io.quiver.schema.StellarLedgerSchema.SCHEMA, allocator)) {
                    LedgerEvents.Extracted x = events.extract(b);
                    n += x.events().size();
                    if (keep) {
                        extracted.add(x);
                    }
                }
            }
            if (r > 0 && !keep) { // the first round warms the JIT
                sharedRates.add(n / ((System.nanoTime() - t0) / 1e9));
            }
        }
        long total = extracted.stream().mapToLong(x -> x.events().size()).sum();
        long contract = extracted.stream().mapToLong(x -> x.contractEvents().size()).sum();
        double shared = median(sharedRates);
        System.out.printf(Locale.ROOT, "  shared stage alone (decode + extract%s, one thread, no Kafka): %,10.0f events/s%n",
                contractEvents ? " + contract event rows" : "", shared);
        Map<EventRecords.Mode, List<Double>> rates = outputRates(broker, kafka, extracted, runs, contractEvents, allocator);
        report("output stage alone (the same " + String.format(Locale.ROOT, "%,d", total) + " events"
                + (contractEvents ? String.format(Locale.ROOT, " and %,d contract events", contract) : "") + ": encode + produce + commit)", rates);
        double rows = median(rates.get(EventRecords.Mode.ROWS));
        System.out.printf(Locale.ROOT, "  ceiling of the hop ratio with a free Arrow output: (1/%,.0f + 1/%,.0f) / (1/%,.0f) = %.2fx%n",
                shared, rows, shared, (1 / shared + 1 / rows) / (1 / shared));
        if (contractEvents) {
            // the contract events are written as Arrow in both modes: their output is shared work too
            Map<EventRecords.Mode, List<Double>> alone = outputRates(broker, kafka, extracted, runs, false, allocator);
            report("the same output without the contract events", alone);
            double rowsAlone = median(alone.get(EventRecords.Mode.ROWS));
            double sharedWithContractOutput = 1 / shared + (1 / rows - 1 / rowsAlone);
            System.out.printf(Locale.ROOT, "  ceiling counting the contract events' output (Arrow in both modes) as shared: %.2fx%n",
                    (sharedWithContractOutput + 1 / rowsAlone) / sharedWithContractOutput);
        }
    }

    private static void report(String what, Map<EventRecords.Mode, List<Double>> rates) {
        double arrow = median(rates.get(EventRecords.Mode.ARROW));
        double rows = median(rates.get(EventRecords.Mode.ROWS));
        System.out.printf(Locale.ROOT, "  %s: arrow %,10.0f events/s, rows %,10.0f events/s: %.1fx%n", what, arrow, rows, arrow / rows);
    }

    private static Map<EventRecords.Mode, List<Double>> outputRates(EmbeddedKafkaBroker broker, Map<String, Object> kafka,
            List<LedgerEvents.Extracted> extracted, int runs, boolean contractEvents, RootAllocator allocator) throws Exception {
        long total = extracted.stream().mapToLong(x -> x.events().size()).sum();
        Map<EventRecords.Mode, List<Double>> rates = new HashMap<>();
        for (int r = 0; r < runs + 1; r++) {
            for (EventRecords.Mode mode : COMPARED) {
                String suffix = UUID.randomUUID().toString().substring(0, 8);
                EventRecords.Topics out = new EventRecords.Topics("out.events." + suffix, "out.proto." + suffix,
                        contractEvents ? "out.contract." + suffix : null);
                broker.createTopics(6, out.events(), out.protoEvents(), "out.contract." + suffix);
                EventRecords records = new EventRecords(ArrowKafkaCodec.defaults(), allocator, mode, out);
                Map<String, Object> pp = new HashMap<>(kafka);
                pp.put("transactional.id", "out-" + suffix);
                pp.put("max.request.size", 8 << 20);
                pp.put("linger.ms", 5);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
                    producer.initTransactions();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < extracted.size(); i += 8) {
                        producer.beginTransaction();
                        for (LedgerEvents.Extracted x : extracted.subList(i, Math.min(i + 8, extracted.size()))) {
                            for (ProducerRecord<byte[], byte[]> rec : records.of(x)) {
                                producer.send(rec);
                            }
                        }
                        producer.commitTransaction();
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    if (r > 0) { // the first round warms the JIT
                        rates.computeIfAbsent(mode, m -> new ArrayList<>()).add(total / secs);
                    }
                }
            }
        }
        return rates;
    }

    private static Run hop(Map<String, Object> kafka, String in, EventRecords.Topics out, EventRecords.Mode mode, int ledgers,
                           boolean contractEvents, RootAllocator allocator) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicLong firstAt = new AtomicLong();
        AtomicLong firstEvents = new AtomicLong();
        TtpPipeline p = new TtpPipeline(new TtpPipeline.Settings(in, "bench-" + UUID.randomUUID(), UUID.randomUUID().toString(),
                io.quiver.kafka.KafkaClients.of(kafka), Integer.getInteger("quiver.bench.poll", 8)), ArrowKafkaCodec.defaults(), allocator,
                new LedgerEvents(false, contractEvents, EventFilter.ALL, new NetworkPassphrases(List.of("load test network"))),
                new EventRecords(ArrowKafkaCodec.defaults(), allocator, mode, out),
                (records, n, x, dead, bytes) -> {
                    long e = x.stream().mapToLong(v -> v.events().size()).sum();
                    if (firstAt.get() == 0) {
                        firstAt.set(System.nanoTime());
                        firstEvents.set(e);
                    }
                    events.addAndGet(e);
                    done.addAndGet(n);
                });
        long start = System.nanoTime();
        Thread t = new Thread(p);
        t.start();
        while (done.get() < ledgers) {
            Thread.sleep(2);
        }
        long end = System.nanoTime();
        p.stop();
        t.join();
        return new Run((end - start) / 1e9, events.get(), (end - firstAt.get()) / 1e9, events.get() - firstEvents.get());
    }

    private static void printHopRatio(Map<EventRecords.Mode, Double> steady) {
        System.out.printf(Locale.ROOT, "  arrow / rows, hop events/s after start-up: %.2fx%n",
                steady.get(EventRecords.Mode.ARROW) / steady.get(EventRecords.Mode.ROWS));
    }

    /** Settings of a consumer that reads a topic once from its beginning, committed records only. */
    private static Map<String, Object> readCommitted(Map<String, Object> kafka) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put("group.id", "read-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("max.partition.fetch.bytes", 8 << 20);
        return p;
    }

    /** Every committed record of {@code topic}, once nothing more has come for 2 s. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, Object> kafka, String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(readCommitted(kafka), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            int empty = 0;
            while (empty < 10) {
                var polled = c.poll(java.time.Duration.ofMillis(200));
                empty = polled.isEmpty() ? empty + 1 : 0;
                polled.forEach(out::add);
            }
        }
        return out;
    }

    /** Reads every event of {@code topic} back into objects: {events, wire bytes, nanos}. */
    private static long[] readBack(Map<String, Object> kafka, String topic, EventRecords.Mode mode, RootAllocator allocator)
            throws Exception {
        Map<String, Object> p = readCommitted(kafka);
        p.put("max.poll.records", 10_000);
        long events = 0;
        long bytes = 0;
        long nanos = 0;
        int emptyPolls = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (emptyPolls < 10) {
                long t0 = System.nanoTime();
                var polled = c.poll(java.time.Duration.ofMillis(200));
                if (polled.isEmpty()) {
                    emptyPolls++;
                    continue;
                }
                emptyPolls = 0;
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    bytes += r.serializedKeySize() + r.serializedValueSize();
                    for (Header h : r.headers()) {
                        bytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
                    }
                    if (mode == EventRecords.Mode.ROWS) {
                        TokenTransferEvent.parseFrom(r.value());
                        events++;
                    } else {
                        try (DecodedBatch b = ArrowKafkaCodec.defaults().decode(r.value(), r.headers(), TokenTransferEventSchema.SCHEMA,
                                allocator)) {
                            for (VectorSchemaRoot root : b.batches()) {
                                TokenTransferEventVectors v = new TokenTransferEventVectors(root);
                                for (int i = 0; i < root.getRowCount(); i++) {
                                    v.get(i);
                                    events++;
                                }
                            }
                        }
                    }
                }
                nanos += System.nanoTime() - t0;
            }
        }
        return new long[] {events, bytes, nanos};
    }

    /**
     * Memory a consumer needs to keep every event of {@code topic}: the buffers of the decoded Arrow
     * batches (what the allocator holds), or the heap taken by the parsed protobufs (used heap after
     * a full GC, with and without them). Bytes per event.
     */
    private static double held(Map<String, Object> kafka, String topic, EventRecords.Mode mode, RootAllocator allocator)
            throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = readAll(kafka, topic);
        long events = 0;
        if (mode == EventRecords.Mode.ARROW) {
            List<DecodedBatch> kept = new ArrayList<>();
            long before = allocator.getAllocatedMemory();
            try {
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    DecodedBatch b = ArrowKafkaCodec.defaults().decode(r.value(), r.headers(), TokenTransferEventSchema.SCHEMA, allocator);
                    kept.add(b);
                    events += b.rowCount();
                }
                long used = 0;
                for (DecodedBatch b : kept) {
                    for (VectorSchemaRoot root : b.batches()) {
                        for (var v : root.getFieldVectors()) {
                            used += v.getBufferSize();
                        }
                    }
                }
                heldData = (double) used / events;
                return (double) (allocator.getAllocatedMemory() - before) / events;
            } finally {
                kept.forEach(DecodedBatch::close);
            }
        }
        java.lang.management.MemoryMXBean heap = java.lang.management.ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(heap);
        List<TokenTransferEvent> kept = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            kept.add(TokenTransferEvent.parseFrom(r.value()));
        }
        long after = usedAfterGc(heap);
        events = kept.size();
        // the input stays reachable through both readings, so only the parsed objects make the difference
        java.lang.ref.Reference.reachabilityFence(records);
        java.lang.ref.Reference.reachabilityFence(kept);
        return (double) (after - before) / events;
    }

    private static long usedAfterGc(java.lang.management.MemoryMXBean heap) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return heap.getHeapMemoryUsage().getUsed();
    }

    private static void writeLedgers(Map<String, Object> kafka, String topic, List<SourcedLedger> ledgers, RootAllocator allocator)
            throws Exception {
        writeLedgers(kafka, topic, ledgers, "load test network", allocator);
    }

    static void writeLedgers(Map<String, Object> kafka, String topic, List<SourcedLedger> ledgers, String passphrase,
                                     RootAllocator allocator) throws Exception {
        writeLedgers(kafka, topic, ledgers, passphrase, 1, allocator);
    }

    /** The ledgers as {@code StellarLedger} records of {@code perRecord} ledgers each (ingest batches up to 64 in a backfill). */
    static void writeLedgers(Map<String, Object> kafka, String topic, List<SourcedLedger> ledgers, String passphrase, int perRecord,
                             RootAllocator allocator) throws Exception {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put("max.request.size", 8 << 20);
        byte[] networkId = NetworkIds.networkId(passphrase);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < ledgers.size(); i += perRecord) {
                List<SourcedLedger> batch = ledgers.subList(i, Math.min(i + perRecord, ledgers.size()));
                try (VectorSchemaRoot root = StellarLedgerVectors.newRoot(allocator)) {
                    StellarLedgerVectors v = new StellarLedgerVectors(root);
                    for (SourcedLedger l : batch) {
                        v.append(StellarLedgerRows.of(l, networkId, "file"));
                    }
                    List<EncodedRecord> records = ArrowKafkaCodec.defaults().encode(root, (offset, length) -> BatchLabel.ledgers(
                            batch.get(offset).sequence(), batch.get(offset + length - 1).sequence()));
                    for (EncodedRecord r : records) {
                        producer.send(new ProducerRecord<>(topic, null,
                                RecordHeaders.text(r.headers(), RecordHeaders.LEDGER_FIRST).getBytes(StandardCharsets.UTF_8),
                                r.value(), r.headers())).get();
                    }
                }
            }
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Comparator.naturalOrder());
        return s.get(s.size() / 2);
    }
}
