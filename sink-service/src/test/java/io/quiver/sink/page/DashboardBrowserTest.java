package io.quiver.sink.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.sink.testing.ServingEvents;
import io.quiver.sink.testing.ServingLake;
import io.quiver.testing.Environment;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium (Debian's chromium with npm playwright-core, installed by
 * .ci/run) while events flow into the live topic: the numbers move, the latest events appear, the
 * stages and the lake are listed; a screenshot goes to {@code target/dashboard.png}.
 */
@QuarkusTest
class DashboardBrowserTest {

    @TestHTTPResource("/")
    URL page;

    @Test
    void theNumbersMoveAndTheLatestEventsAppear() throws Exception {
        Path client = Environment.nodePackage("playwright-core");
        Path chromium = Environment.chromium();
        ServingLake.ensure();
        ServingEvents events = new ServingEvents(31, 30);
        AtomicBoolean stop = new AtomicBoolean();
        Thread publisher = new Thread(() -> {
            try (RootAllocator a = new RootAllocator()) {
                while (!stop.get()) {
                    long l = ServingLake.LIVE_NEXT.getAndIncrement();
                    events.publish(ServingLake.bootstrap(), ServingLake.LIVE_TOPIC, a, ArrowKafkaCodec.defaults(), l, 1, 1);
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "dashboard-publisher");
        Path shot = Path.of("target/dashboard.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        publisher.start();
        try {
            Process p = new ProcessBuilder("node", "dashboard-check.mjs", page.toString(), shot.toString(), chromium.toString())
                    .directory(client.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the browser check finished");
            assertEquals(0, p.exitValue(), out);
            JsonNode r = new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
            assertTrue(r.get("totalEnd").asLong() > r.get("totalStart").asLong(), out);
            assertTrue(r.get("ledgerEnd").asLong() > r.get("ledgerStart").asLong(), out);
            assertEquals(15, r.get("latestRows").asInt(), out);
            assertTrue(r.get("assetRows").asInt() >= 3, out);
            assertTrue(r.get("groupRows").asInt() >= 1, out);
            assertTrue(r.get("tableRows").asInt() >= 1, out);
            assertEquals(ServingLake.LEDGERS * ServingLake.EVENTS_PER_LEDGER, r.get("lakeEvents").asLong(), out);
            assertTrue(r.get("firstLatest").asText().matches("\\d+-\\d+"), out);
            assertEquals(0, r.get("errors").size(), out);
            assertTrue(Files.size(shot) > 10_000, "screenshot saved");
        } finally {
            stop.set(true);
            publisher.join();
        }
    }
}
