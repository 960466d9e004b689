package io.quiver.ttp.service;

import static io.quiver.ttp.pipeline.EventTopicChecks.byId;
import static io.quiver.ttp.pipeline.EventTopicChecks.eventRows;
import static io.quiver.ttp.pipeline.EventTopicChecks.expected;
import static io.quiver.ttp.pipeline.EventTopicChecks.ledgers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.synthetic.LedgerResequencer;
import io.quiver.kafka.Topics;
import io.quiver.legacy.TokenTransferEventProtoConverter;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.SharedLedgers;
import io.quiver.testing.TestKafka;
import io.quiver.ttp.pipeline.LedgerTopicWriter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two packaged ttp-services ({@code target/quarkus-app}, run after {@code package}) in one group on
 * the test broker; one is SIGKILLed mid-stream; the other takes its partitions and the events topic
 * ends with every event exactly once.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class TtpServiceKillIT {

    private static final Pattern LEDGERS = Pattern.compile("(?m)^quiver_ttp_ledgers_total(?:\\{[^}]*})? ([0-9.E]+)$");
    private static final Pattern LAG = Pattern.compile("(?m)^quiver_ttp_lag_records(?:\\{[^}]*})? ([0-9.E]+)$");

    /** One packaged service process and its management port. */
    private record Service(Process process, int management, Path log) {

        static Service start(String name, String group, String in, String events, String proto, String contract, Tables tables)
                throws IOException {
            Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
            assertTrue(Files.exists(jar), jar.toAbsolutePath() + " is missing: this test runs after 'package'");
            int management = freePort();
            Path log = Files.createTempFile("ttp-" + name, ".log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "-Dkafka.bootstrap.servers=" + TestKafka.broker().bootstrapServers(),
                    "-Dquarkus.http.port=" + freePort(), "-Dquarkus.management.port=" + management,
                    "-Dquiver.topics.ensure=" + in,
                    "-Dquiver.ttp.input-topic=" + in, "-Dquiver.ttp.events-topic=" + events, "-Dquiver.ttp.proto-topic=" + proto,
                    "-Dquiver.ttp.contract-topic=" + contract, "-Dquiver.ttp.group-id=" + group, "-Dquiver.ttp.instance-id=" + name,
                    "-Dquiver.ttp.tables.transactions-topic=" + tables.transactions(),
                    "-Dquiver.ttp.tables.operations-topic=" + tables.operations(),
                    "-Dquiver.ttp.tables.invocations-topic=" + tables.invocations(),
                    "-Dquiver.ttp.session-timeout=6s", "-Dquiver.ttp.max-poll-records=1",
                    "-Dquiver.ttp.flight.enabled=false", "-Dquiver.ttp.grpc.enabled=false"));
            if (Runtime.version().feature() >= 24) {
                cmd.add(2, "--sun-misc-unsafe-memory-access=allow");
            }
            cmd.add("-jar");
            cmd.add(jar.toString());
            return new Service(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start(), management, log);
        }

        String get(String path) {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + management + path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r.body() : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        void awaitReady() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (get("/q/health/ready") != null) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("ttp-service did not become ready; its log:\n" + Files.readString(log));
        }

        /** Ledgers this instance committed, from its metrics; -1 if it does not answer. */
        long ledgers() {
            return metric(LEDGERS);
        }

        /** Ledger records behind the end of its partitions, from its metrics; -1 if it does not answer. */
        long lag() {
            return metric(LAG);
        }

        private long metric(Pattern p) {
            String body = get("/q/metrics");
            if (body == null) {
                return -1;
            }
            Matcher m = p.matcher(body);
            return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, the open transaction is left behind
            process.waitFor();
        }
    }

    /** Fresh topics for the ledger tables. */
    private record Tables(String transactions, String operations, String invocations) {
        static Tables fresh() {
            return new Tables(TestKafka.freshTopic("tx", 3), TestKafka.freshTopic("op", 3), TestKafka.freshTopic("inv", 3));
        }
    }

    /** The values of {@code idColumn} in every committed batch of {@code topic}. */
    private static List<Long> ids(String topic, io.quiver.schema.QuiverSchema schema, String idColumn, BufferAllocator allocator)
            throws Exception {
        List<Long> out = new ArrayList<>();
        for (var r : TestKafka.readCommitted(TestKafka.broker().bootstrapServers(), topic, Duration.ofSeconds(3))) {
            try (io.quiver.codec.DecodedBatch b = io.quiver.codec.ArrowKafkaCodec.defaults().decode(r.value(), r.headers(), schema, allocator)) {
                for (var root : b.batches()) {
                    org.apache.arrow.vector.BigIntVector v = (org.apache.arrow.vector.BigIntVector) root.getVector(idColumn);
                    for (int i = 0; i < root.getRowCount(); i++) {
                        out.add(v.get(i));
                    }
                }
            }
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void twoPackagedServicesShareTheGroupAndAfterOneIsKilledEveryEventIsThereOnce(BufferAllocator allocator) throws Exception {
        List<SourcedLedger> pubnet = ledgers("mainnet/ttp-example-ledgers-base64.txt");
        int count = 240;
        List<SourcedLedger> stream = LedgerResequencer.sequence(pubnet.stream().map(SourcedLedger::xdr).toList(), 60_000_000, count);
        List<TokenTransferEventRow> want = expected(stream, SharedLedgers.PUBNET);
        String in = TestKafka.freshTopic("ledgers", 6);
        TestKafka.broker().createTopics(1, Topics.deadLetterOf(in));
        String events = TestKafka.freshTopic("events", 3);
        String group = "g-" + UUID.randomUUID();
        Tables tables = Tables.fresh();
        Service a = Service.start("a-" + UUID.randomUUID(), group, in, events, TestKafka.freshTopic("proto", 3),
                TestKafka.freshTopic("contract", 3), tables);
        Service b = null;
        long aAtKill;
        long t0 = System.nanoTime();
        try {
            b = Service.start("b-" + UUID.randomUUID(), group, in, events, "unused-proto-" + UUID.randomUUID(),
                    TestKafka.freshTopic("contract", 3), tables);
            a.awaitReady();
            b.awaitReady();
            System.out.printf("both ready after %.1f s%n", (System.nanoTime() - t0) / 1e9);
            try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
                for (SourcedLedger l : stream) {
                    LedgerTopicWriter.write(p, in, List.of(l), SharedLedgers.PUBNET, allocator);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (a.ledgers() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            aAtKill = a.ledgers();
            a.kill();
            System.out.printf("A killed after %d ledgers, %.1f s%n", aAtKill, (System.nanoTime() - t0) / 1e9);
            assertTrue(aAtKill >= 10 && aAtKill < count, "A was killed mid-stream, after " + aAtKill + " of " + count + " ledgers");
            deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            // B takes A's partitions after the 6 s session timeout and finishes the stream; its lag
            // gauge shows the backlog it inherited, then 0
            AtomicLong maxLag = new AtomicLong();
            Service survivor = b;
            Thread lagWatch = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxLag.accumulateAndGet(survivor.lag(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            lagWatch.start();
            while (System.nanoTime() < deadline && eventRows(events, allocator).size() < want.size()) {
                Thread.sleep(500);
            }
            lagWatch.interrupt();
            lagWatch.join();
            Thread.sleep(1000);
            assertTrue(maxLag.get() > 0, "B's lag gauge showed the backlog");
            assertEquals(0, b.lag(), "B's lag once caught up");
            long bLedgers = b.ledgers();
            System.out.printf("B: %d ledgers, lag up to %d; every event on the topic after %.1f s%n", bLedgers, maxLag.get(),
                    (System.nanoTime() - t0) / 1e9);
            assertTrue(bLedgers > 0 && bLedgers < count, "both instances processed part of the stream (B: " + bLedgers + ")");
            assertTrue(bLedgers <= count - aAtKill, "B did not redo what A had committed (B: " + bLedgers + ", A: " + aAtKill + ")");
        } finally {
            a.process().destroyForcibly();
            if (b != null) {
                b.process().destroyForcibly();
            }
        }
        TreeMap<String, TokenTransferEventRow> got = byId(eventRows(events, allocator));
        assertEquals(want.size(), got.size(), "every event once");
        for (TokenTransferEventRow w : want) {
            assertEquals(TokenTransferEventProtoConverter.toProto(w), TokenTransferEventProtoConverter.toProto(got.get(w.eventId())),
                    w.eventId());
        }
        // the ledger tables were written in the same transactions: every row once, by id
        io.quiver.ttp.tables.LedgerTables all = new io.quiver.ttp.tables.LedgerTables(
                java.util.EnumSet.allOf(io.quiver.ttp.tables.LedgerTables.Table.class), false);
        io.quiver.ttp.tables.LedgerTables.Rows wantRows = io.quiver.ttp.tables.LedgerTables.Rows.empty();
        byte[] networkId = io.quiver.stellar.NetworkIds.networkId(SharedLedgers.PUBNET);
        for (SourcedLedger l : stream) {
            var view = new io.quiver.stellar.ledger.LedgerView(io.quiver.stellar.xdr.model.LedgerCloseMeta.fromXdr(l.xdr()));
            all.extract(view, io.quiver.stellar.ledger.LedgerTransactions.of(view, networkId), networkId, wantRows);
        }
        assertOnce(wantRows.transactions(), ids(tables.transactions(), io.quiver.schema.LedgerTableSchemas.TRANSACTION_SCHEMA, "id", allocator),
                "transactions");
        assertOnce(wantRows.operations(), ids(tables.operations(), io.quiver.schema.LedgerTableSchemas.OPERATION_SCHEMA, "id", allocator),
                "operations");
        assertTrue(wantRows.transactions().size() > 1000 && wantRows.operations().size() > 1000, "the stream has many rows");
    }

    private static void assertOnce(List<Object[]> want, List<Long> got, String table) {
        java.util.Set<Long> wantIds = new java.util.TreeSet<>();
        want.forEach(r -> wantIds.add((Long) r[0]));
        assertEquals(want.size(), wantIds.size(), table + ": ids are unique");
        assertEquals(want.size(), got.size(), table + ": every row once");
        assertEquals(wantIds, new java.util.TreeSet<>(got), table + ": the same ids");
        System.out.printf("%s: %d rows, each once%n", table, got.size());
    }
}
