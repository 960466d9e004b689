package io.quiver.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.kafka.Topics;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.lake.testing.TtpEventBatches;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./quiver bench serve [EVENTS [WS_EVENTS]]}: the packaged sink-service on an in-process
 * broker. Builds a lake of EVENTS token transfer events (default 10,000,000) through the topic and
 * the sink, then measures REST and Flight SQL query latency (p50/p99), Flight DoGet MB/s over every
 * file, WebSocket delivered events/s to 1, 10 and 100 filtered clients (WS_EVENTS, default 200,000,
 * encoded before the clock starts and then published as fast as the broker takes them), and p50/p99
 * delivery latency from the topic at a steady 2,000 events/s. Clients run in this JVM on the same 2
 * cores as the service (they count events without copying frames): the numbers are a floor for the server.
 */
public final class ServeBench {

    private static final int PER_LEDGER = 900;
    private static final Pattern LEDGER = Pattern.compile("\"ledger_sequence\":(\\d+)");

    private ServeBench() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long wsEvents = args.length > 1 ? Long.parseLong(args[1]) : 200_000L;
        Path home = Path.of(System.getProperty("quiver.home", ".")).toAbsolutePath();
        Path jar = home.resolve("sink-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package sink-service first (./mvnw -pl sink-service -am package -DskipTests): " + jar);
        }
        Path lake = Files.createTempDirectory("quiver-serve-bench");
        int http = freePort();
        int live = freePort();
        int flight = freePort();
        int mgmt = freePort();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); RootAllocator allocator = new RootAllocator()) {
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g",
                    "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(), "-Dquiver.sink.lake=" + lake,
                    "-Dquarkus.http.port=" + http, "-Dquarkus.management.port=" + mgmt, "-Dquiver.sink.live.port=" + live,
                    "-Dquiver.sink.flight.port=" + flight, "-Dquiver.sink.max-file-age=5s", "-Dquiver.sink.live.queue-bytes=67108864",
                    "-Dquiver.sink.query.max-concurrent=8", "-Dquarkus.log.level=WARN"));
            // further arguments key=value are sink-service settings, for side-by-side runs (e.g. quiver.sink.query.tail.enabled=false)
            for (int i = 2; i < args.length; i++) {
                if (!args[i].contains("=")) {
                    throw new IllegalArgumentException("argument " + (i + 1) + " '" + args[i] + "': expected key=value (a sink-service setting)");
                }
                cmd.add("-D" + args[i]);
            }
            cmd.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectErrorStream(true).redirectOutput(lake.resolve("sink-service.log").toFile());
            Process sink = pb.start();
            try {
                HttpClient web = HttpClient.newHttpClient();
                await(() -> get(web, "http://127.0.0.1:" + http + "/v1/status").contains("RUNNING"), 120, "sink-service up");
                long ledgers = (events + PER_LEDGER - 1) / PER_LEDGER;
                long t0 = System.nanoTime();
                publish(broker.bootstrapServers(), allocator, 1, ledgers, 10, 0);
                double publishS = (System.nanoTime() - t0) / 1e9;
                long total = ledgers * PER_LEDGER;
                await(() -> lakeRows(web, http) >= total, 1800, "the lake holds " + total + " events");
                double lakeS = (System.nanoTime() - t0) / 1e9;
                System.out.printf("lake: %,d events (%,d ledgers) published in %.1f s, in the lake after %.1f s (%,.0f events/s end to end)%n",
                        total, ledgers, publishS, lakeS, total / lakeS);

                String usdc = "USDC:GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN";
                latency("REST events page (transfer, USDC, 100 from a ledger)", 40, i ->
                        get(web, "http://127.0.0.1:" + http + "/v1/events?types=transfer&assets=" + usdc + "&limit=100&from_ledger="
                                + (1 + (i * 7919L) % ledgers)));
                latency("REST volume per asset per day", 20, i -> get(web, "http://127.0.0.1:" + http + "/v1/stats/volume?period=day"));
                latency("REST top accounts (native)", 20, i -> get(web, "http://127.0.0.1:" + http + "/v1/stats/top-accounts?limit=10"));
                latency("REST SQL count by type", 20, i -> get(web, "http://127.0.0.1:" + http + "/v1/sql?q="
                        + URLEncoder.encode("SELECT event_type, count(*) FROM token_transfer_events GROUP BY 1", StandardCharsets.UTF_8)));
                try (FlightSqlClient sql = new FlightSqlClient(FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", flight))
                        .build())) {
                    latency("Flight SQL sum(amount_decimal) by asset", 20, i -> {
                        FlightInfo info = sql.execute("SELECT asset_code, sum(amount_decimal) FROM token_transfer_events GROUP BY 1");
                        try (FlightStream s = sql.getStream(info.getEndpoints().get(0).getTicket())) {
                            while (s.next()) {
                                // drain
                            }
                        }
                        return "";
                    });
                }
                doGet(allocator, flight);
                // -Dquiver.bench.clients=10 runs one fan-out only (to profile it)
                for (String n : System.getProperty("quiver.bench.clients", "1,10,100").split(",")) {
                    int clients = Integer.parseInt(n.trim());
                    long first = nextLedger(web, http);
                    fanOut(broker.bootstrapServers(), allocator, live, clients, first, wsEvents);
                }
                steadyLatency(broker.bootstrapServers(), allocator, live, nextLedger(web, http));
            } finally {
                sink.destroy();
                sink.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private interface Call {
        String run(int i) throws Exception;
    }

    private static void latency(String what, int runs, Call call) throws Exception {
        call.run(0);
        List<Double> ms = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            long t = System.nanoTime();
            call.run(i);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(ms);
        System.out.printf("%-55s p50 %8.1f ms  p99 %8.1f ms  (%d runs)%n", what, pct(ms, 50), pct(ms, 99), runs);
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void doGet(RootAllocator allocator, int port) throws Exception {
        try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", port)).build()) {
            FlightInfo info = client.getInfo(FlightDescriptor.path("token_transfer_events"));
            long bytes = 0;
            long rows = 0;
            long t = System.nanoTime();
            for (FlightEndpoint e : info.getEndpoints()) {
                try (FlightStream s = client.getStream(e.getTicket())) {
                    while (s.next()) {
                        VectorSchemaRoot root = s.getRoot();
                        rows += root.getRowCount();
                        for (FieldVector v : root.getFieldVectors()) {
                            bytes += v.getBufferSize();
                        }
                    }
                }
            }
            double sec = (System.nanoTime() - t) / 1e9;
            System.out.printf("Flight DoGet of every file (%d endpoints): %,d rows, %.0f MB of Arrow in %.1f s = %.0f MB/s, %,.0f rows/s%n",
                    info.getEndpoints().size(), rows, bytes / 1e6, sec, bytes / 1e6 / sec, rows / sec);
        }
    }

    /** {@code clients} clients (types=transfer,fee), {@code wsEvents} published as fast as possible: delivered events/s. */
    private static void fanOut(String bootstrap, RootAllocator allocator, int port, int clients, long first, long wsEvents) throws Exception {
        List<Counter> counters = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            counters.add(Counter.connect(port, "types=transfer,fee", false));
        }
        Thread.sleep(1000);
        long ledgers = (wsEvents + PER_LEDGER - 1) / PER_LEDGER;
        long expected = 0;
        TtpEventBatches gen = new TtpEventBatches(7, PER_LEDGER);
        for (long l = first; l < first + ledgers; l++) {
            for (int e = 0; e < PER_LEDGER; e++) {
                String t = gen.row(l, e).eventType();
                if (t.equals("transfer") || t.equals("fee")) {
                    expected++;
                }
            }
        }
        // the records are made before the clock starts: the window measures the service, not the generator
        List<ProducerRecord<byte[], byte[]>> records = records(allocator, first, ledgers, 1);
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            records.forEach(p::send);
            p.flush();
        }
        long want = expected;
        await(() -> counters.stream().allMatch(c -> c.events.get() >= want || c.closed != 0), 300, "clients received " + want);
        double sec = (System.nanoTime() - t0) / 1e9;
        long delivered = counters.stream().mapToLong(c -> c.events.get()).sum();
        long closed = counters.stream().filter(c -> c.closed != 0).count();
        System.out.printf("WebSocket %3d clients (types=transfer,fee): %,d events each, %,d delivered in %.1f s = %,.0f events/s aggregate%s%n",
                clients, want, delivered, sec, delivered / sec, closed > 0 ? " (" + closed + " closed as too slow)" : "");
        counters.forEach(Counter::close);
    }

    /** One client, 2,000 events/s (one 200-event ledger every 100 ms) for 20 s: latency from the send to the first event of each ledger. */
    private static void steadyLatency(String bootstrap, RootAllocator allocator, int port, long first) throws Exception {
        Counter c = Counter.connect(port, "", true);
        Thread.sleep(1000);
        Map<Long, Long> sent = new ConcurrentHashMap<>();
        int ledgers = 200;
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            TtpEventBatches gen = new TtpEventBatches(11, 200);
            ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
            for (long l = first; l < first + ledgers; l++) {
                try (VectorSchemaRoot root = batch(gen, allocator, l, 1, 200)) {
                    for (EncodedRecord r : codec.encode(root, BatchLabel.ledgers(l, l))) {
                        sent.put(l, System.nanoTime());
                        p.send(new ProducerRecord<>(Topics.STELLAR_TTP_EVENTS, null, Long.toString(l).getBytes(), r.value(), r.headers()));
                    }
                }
                p.flush();
                Thread.sleep(100);
            }
        }
        await(() -> c.firstSeen.size() >= ledgers, 60, "every ledger seen");
        List<Double> ms = new ArrayList<>();
        for (var e : c.firstSeen.entrySet()) {
            Long s = sent.get(e.getKey());
            if (s != null) {
                ms.add((e.getValue() - s) / 1e6);
            }
        }
        Collections.sort(ms);
        System.out.printf("WebSocket delivery latency at 2,000 events/s, topic send to client (1 client, %d ledgers): p50 %.1f ms  p99 %.1f ms%n",
                ms.size(), pct(ms, 50), pct(ms, 99));
        c.close();
    }

    /**
     * A client that counts events by their {@code "cursor"} key as the text arrives, part by part
     * (no copy of the frame: the fan-out measures the service, and these clients share its cores);
     * with {@code timed}, it also keeps each frame's text to note when each ledger's first event arrived.
     */
    private static final class Counter implements WebSocket.Listener {
        private static final char[] KEY_CHARS = "\"cursor\"".toCharArray();
        final AtomicLong events = new AtomicLong();
        final Map<Long, Long> firstSeen = new ConcurrentHashMap<>();
        volatile int closed;
        private final boolean timed;
        private final StringBuilder text = new StringBuilder();
        /** Characters of KEY_CHARS matched at the end of the text so far (a key may straddle two parts). */
        private int matched;
        /** Characters of the current message so far. */
        private int messageChars;
        /** Whether the current message is a heartbeat (which carries a cursor too). */
        private boolean heartbeat;
        private WebSocket ws;

        private Counter(boolean timed) {
            this.timed = timed;
        }

        static Counter connect(int port, String query, boolean timed) throws Exception {
            Counter c = new Counter(timed);
            c.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/events/live" + (query.isEmpty() ? "" : "?" + query)), c)
                    .get(10, TimeUnit.SECONDS);
            return c;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (messageChars == 0) {
                heartbeat = data.length() > 8 && data.subSequence(0, 9).toString().equals("{\"type\":\"");
            }
            messageChars += data.length();
            if (!heartbeat) {
                // the JDK hands text over as CharBuffers: scanning their array is several times faster than charAt
                char[] chars;
                int from;
                int to;
                if (data instanceof CharBuffer cb && cb.hasArray()) {
                    chars = cb.array();
                    from = cb.arrayOffset() + cb.position();
                    to = cb.arrayOffset() + cb.limit();
                } else {
                    chars = data.toString().toCharArray();
                    from = 0;
                    to = chars.length;
                }
                long n = 0;
                int m = matched;
                for (int i = from; i < to; i++) {
                    char ch = chars[i];
                    if (ch == KEY_CHARS[m]) {
                        if (++m == KEY_CHARS.length) {
                            n++;
                            m = 0;
                        }
                    } else {
                        m = ch == '"' ? 1 : 0;
                    }
                }
                matched = m;
                events.addAndGet(n);
                if (timed) {
                    text.append(data);
                }
            }
            if (last) {
                if (timed && !heartbeat) {
                    Matcher m = LEDGER.matcher(text);
                    long now = System.nanoTime();
                    while (m.find()) {
                        firstSeen.putIfAbsent(Long.parseLong(m.group(1)), now);
                    }
                }
                text.setLength(0);
                matched = 0;
                messageChars = 0;
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = statusCode;
            return null;
        }

        void close() {
            ws.abort();
        }
    }

    /** The records {@link #publish} sends, made in advance, {@code perRecord} ledgers each. */
    private static List<ProducerRecord<byte[], byte[]>> records(RootAllocator allocator, long first, long ledgers, int perRecord) {
        TtpEventBatches gen = new TtpEventBatches(7, PER_LEDGER);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (long l = first; l < first + ledgers; l += perRecord) {
            out.addAll(encode(gen, allocator, l, (int) Math.min(perRecord, first + ledgers - l)));
        }
        return out;
    }

    /** Ledgers {@code [first, first + n)} of the generator as events topic records. */
    private static List<ProducerRecord<byte[], byte[]>> encode(TtpEventBatches gen, RootAllocator allocator, long first, int n) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (VectorSchemaRoot root = batch(gen, allocator, first, n, PER_LEDGER)) {
            for (EncodedRecord r : ArrowKafkaCodec.defaults().encode(root, BatchLabel.ledgers(first, first + n - 1))) {
                out.add(new ProducerRecord<>(Topics.STELLAR_TTP_EVENTS, null, Long.toString(first).getBytes(), r.value(), r.headers()));
            }
        }
        return out;
    }

    private static void publish(String bootstrap, RootAllocator allocator, long first, long ledgers, int perRecord, long pauseMs)
            throws Exception {
        TtpEventBatches gen = new TtpEventBatches(7, PER_LEDGER);
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (long l = first; l < first + ledgers; l += perRecord) {
                encode(gen, allocator, l, (int) Math.min(perRecord, first + ledgers - l)).forEach(p::send);
                if (pauseMs > 0) {
                    Thread.sleep(pauseMs);
                }
            }
            p.flush();
        }
    }

    /**
     * The generator's events with amounts below 10^15 raw units (its 120-bit amounts, there to test
     * the i128 edge, overflow any decimal(38,0) sum over many events: a real chain's volumes do not).
     */
    private static VectorSchemaRoot batch(TtpEventBatches gen, RootAllocator allocator, long first, int ledgers, int perLedger) {
        VectorSchemaRoot root = io.quiver.schema.rows.TokenTransferEventVectors.newRoot(allocator);
        List<io.quiver.schema.rows.TokenTransferEventRow> rows = new ArrayList<>(ledgers * perLedger);
        java.math.BigInteger cap = java.math.BigInteger.TEN.pow(15);
        for (long l = first; l < first + ledgers; l++) {
            for (int e = 0; e < perLedger; e++) {
                var r = gen.row(l, e);
                rows.add(new io.quiver.schema.rows.TokenTransferEventRow(r.ledgerSequence(), r.closedAt(), r.txHash(), r.transactionIndex(),
                        r.operationIndex(), r.eventIndex(), r.eventType(), r.contractAddress(), r.from(), r.to(), r.assetType(), r.assetCode(),
                        r.assetIssuer(), r.amount().mod(cap), r.toMuxedType(), r.toMuxedText(), r.toMuxedId(), r.toMuxedHash()));
            }
        }
        new io.quiver.schema.rows.TokenTransferEventVectors(root).appendAll(rows);
        return root;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static long lakeRows(HttpClient web, int port) {
        try {
            String body = get(web, "http://127.0.0.1:" + port + "/v1/sql?q=" + URLEncoder.encode(
                    "SELECT count(*) AS n FROM token_transfer_events", StandardCharsets.UTF_8));
            Matcher m = Pattern.compile("\"n\":(\\d+)").matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** The ledger after the newest one in the lake's table (the feed's topic holds the same ledgers). */
    private static long nextLedger(HttpClient web, int port) throws Exception {
        Thread.sleep(6000);
        String body = get(web, "http://127.0.0.1:" + port + "/v1/sql?q=" + URLEncoder.encode(
                "SELECT max(ledger_sequence) AS m FROM token_transfer_events", StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("\"m\":(\\d+)").matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) + 1 : 1;
    }

    private static String get(HttpClient web, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = web.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition c, int seconds, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try {
                if (c.holds()) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out waiting: " + what);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
