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
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.ingest.testing.LocalS3Server;
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
 * same after a SIGKILL and a new start (the tail starts again from the manifest's offsets). SQL over
 * an S3 lake (S3Proxy) reads local copies of its committed files.
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
        Map<String, String> s = Pipelines.eventsSink(broker.bootstrapServers(), topic, lake, "sys-tail-" + topic);
        s.put("quarkus.http.port", Integer.toString(port));
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

    @Test
    void sqlOverAnS3LakeReadsItsCommittedFilesAndTheTail(BufferAllocator allocator) throws Exception {
        String topic = "lake.tail.s3." + System.nanoTime();
        broker.createTopics(3, topic);
        int port = PackagedService.freePort();
        long perBatch = (long) EVENTS_PER_LEDGER * LEDGERS_PER_BATCH;
        try (LocalS3Server s3 = LocalS3Server.start();
             KafkaProducer<byte[], byte[]> producer = KafkaClients.plaintext(broker.bootstrapServers()).idempotentProducer(8 << 20)) {
            s3.createBucket("lake");
            Map<String, String> settings = settings(topic, Path.of("unused"), port);
            settings.put("quiver.sink.lake", "s3://lake/warehouse");
            settings.put("quiver.sink.s3.endpoint", s3.endpoint().toString());
            settings.put("quiver.sink.s3.access-key", "identity");
            settings.put("quiver.sink.s3.secret-key", "credential");
            settings.put("quiver.sink.max-file-age", "1s");
            settings.put("quiver.sink.query.tail.dir", dir.resolve("tail-s3").toString());
            PackagedService sink = PackagedService.start("sink-service", "lake-tail-s3", settings);
            try {
                sink.awaitReady(Duration.ofSeconds(90));
                produce(allocator, producer, topic, 0, 9);
                awaitSqlCount(port, 9 * perBatch);
                // files committed to S3 (closing after 1 s) and read from their local copies
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                JsonNode tail;
                do {
                    Thread.sleep(300);
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/status")).build(), HttpResponse.BodyHandlers.ofString());
                    tail = JSON.readTree(r.body()).path("lake_tail");
                } while (tail.path("rows").asLong() > 0 && System.nanoTime() < deadline);
                assertEquals(0, tail.path("rows").asLong(), "the lake committed every row: " + tail);
                awaitSqlCount(port, 9 * perBatch);
                String q = URLEncoder.encode("SELECT count(*) AS n FROM token_transfer_events WHERE asset_code = 'USDC'", StandardCharsets.UTF_8);
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/sql?q=" + q)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(JSON.readTree(r.body()).path("rows").path(0).path("n").asLong() > 0, r.body());
            } finally {
                sink.close();
            }
        }
    }

    /** Waits until SQL counts {@code events} events, and returns how long that took after the call. */
    private static Duration awaitSqlCount(int port, long events) throws Exception {
        String q = URLEncoder.encode("SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM token_transfer_events", StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        String last = "";
        long seen = 0;
        while (System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/sql?q=" + q))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode row = JSON.readTree(r.body()).path("rows").path(0);
                assertEquals(row.path("n").asLong(), row.path("d").asLong(), "an event twice: " + r.body());
                assertTrue(row.path("n").asLong() >= seen, "the count went back from " + seen + ": " + r.body());
                seen = row.path("n").asLong();
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
