package io.quiver.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.store.LocalLakeStore;
import io.quiver.lake.testing.TtpEventBatches;
import io.quiver.service.testing.PackagedService;
import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sink-service with files that close only after ten minutes: SQL over REST counts
 * every published event within seconds, each once, though the lake has not committed one file; the
 * same after a SIGKILL and a new start (the tail starts again from the manifest's offsets).
 */
@ExtendWith(ArrowAllocatorExtension.class)
class LakeTailIT {

    private static final int EVENTS_PER_LEDGER = 100;
    private static final int LEDGERS_PER_BATCH = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void broker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private Map<String, String> settings(String topic, Path lake, int port) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap.servers", broker.bootstrapServers());
        s.put("quiver.topics.ensure", topic);
        s.put("quiver.sink.lake", lake.toString());
        s.put("quiver.sink.flight.port", "0");
        s.put("quiver.sink.live.port", "0");
        s.put("quarkus.http.port", Integer.toString(port));
        s.put("quiver.sink.tables", "token_transfer_events");
        s.put("quiver.sink.table.token_transfer_events.topic", topic);
        s.put("quiver.sink.group-id", "sys-tail-" + topic);
        s.put("quiver.sink.max-file-age", "10m");
        s.put("quiver.sink.query.tail.dir", dir.resolve("tail").toString());
        return s;
    }

    private void produce(BufferAllocator allocator, KafkaProducer<byte[], byte[]> p, String topic, int from, int to) throws Exception {
        TtpEventBatches gen = new TtpEventBatches(5, EVENTS_PER_LEDGER);
        for (int b = from; b < to; b++) {
            long first = 1 + (long) b * LEDGERS_PER_BATCH;
            try (VectorSchemaRoot root = gen.batch(allocator, first, LEDGERS_PER_BATCH)) {
                for (EncodedRecord r : ArrowKafkaCodec.defaults().encode(root, BatchLabel.ledgers(first, first + LEDGERS_PER_BATCH - 1))) {
                    p.send(new ProducerRecord<>(topic, b % 3, Long.toString(first).getBytes(), r.value(), r.headers())).get();
                }
            }
        }
    }

    /** Waits until SQL counts {@code events} events, and returns how long that took after the call. */
    private static Duration awaitSqlCount(int port, long events) throws Exception {
        String q = URLEncoder.encode("SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM token_transfer_events", StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        String last = "";
        while (System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/sql?q=" + q))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode row = JSON.readTree(r.body()).path("rows").path(0);
                assertEquals(row.path("n").asLong(), row.path("d").asLong(), "an event twice: " + r.body());
                if (row.path("n").asLong() == events) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("SQL did not count " + events + " events within 30 s; last answer " + last);
    }

    @Test
    void sqlCountsEveryPublishedEventOnceBeforeAnyFileIsCommittedAndAfterASigkill(BufferAllocator allocator) throws Exception {
        String topic = "lake.tail." + System.nanoTime();
        broker.createTopics(3, topic);
        Path lake = dir.resolve("lake");
        int port = PackagedService.freePort();
        long perBatch = (long) EVENTS_PER_LEDGER * LEDGERS_PER_BATCH;
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.plaintext(broker.bootstrapServers()).idempotentProducer(8 << 20)) {
            PackagedService sink = PackagedService.start("sink-service", "lake-tail-0", settings(topic, lake, port));
            try {
                sink.awaitReady(Duration.ofSeconds(90));
                produce(allocator, producer, topic, 0, 12);
                Duration first = awaitSqlCount(port, 12 * perBatch);
                produce(allocator, producer, topic, 12, 15);
                Duration more = awaitSqlCount(port, 15 * perBatch);
                System.out.printf("SQL counted 6,000 published events after %d ms, 1,500 more after %d ms, no file committed%n",
                        first.toMillis(), more.toMillis());
                try (LocalLakeStore store = new LocalLakeStore(lake)) {
                    assertEquals(0, new Manifest(store, "check").refresh().files().size(), "no file is committed within 10 minutes");
                }
                sink.kill();
            } finally {
                sink.close();
            }
            // a new process: the tail reads again from the lake's offsets (none committed: from the start)
            PackagedService again = PackagedService.start("sink-service", "lake-tail-1", settings(topic, lake, port));
            try {
                again.awaitReady(Duration.ofSeconds(90));
                awaitSqlCount(port, 15 * perBatch);
                produce(allocator, producer, topic, 15, 18);
                awaitSqlCount(port, 18 * perBatch);
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/status")).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode tail = JSON.readTree(r.body()).path("lake_tail");
                assertEquals(18 * perBatch, tail.path("rows").asLong(), r.body());
                assertTrue(tail.path("problem").isNull(), r.body());
            } finally {
                again.close();
            }
        }
    }
}
