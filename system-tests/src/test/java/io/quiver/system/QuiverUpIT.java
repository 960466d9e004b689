package io.quiver.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.testing.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quiver up} as an operator runs it, in its own JVM (the launcher jar and its classpath,
 * as the script starts it) on generated ledgers: while it runs, a WebSocket client of the live feed
 * receives token transfer events and the dashboard in headless Chromium shows them moving and the
 * lake filling; SIGTERM then stops every service and the broker.
 */
class QuiverUpIT {

    @TempDir
    Path tmp;

    @Test
    void whileUpRunsTheLiveFeedAndTheDashboardReceiveEventsAndSigtermStopsEverything() throws Exception {
        Path repo = Environment.repoDir();
        Path client = Environment.nodePackage("playwright-core");
        Path chromium = Environment.chromium();
        Path log = tmp.resolve("up.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dquiver.home=" + repo, "-Dquiver.state=" + tmp.resolve("state"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                repo.resolve("deploy/launcher/target/quiver-launcher.jar") + ":" + repo.resolve("deploy/launcher/target/lib/*"),
                "io.quiver.launcher.QuiverCli", "up", "--rate", "2", "--transactions", "100", "--lake", tmp.resolve("lake").toString()));
        Process up = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!Files.readString(log).contains("local cluster up")) {
                assertTrue(up.isAlive(), "./quiver up ended: " + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "./quiver up not up after 240 s: " + Files.readString(log));
                Thread.sleep(500);
            }
            assertTrue(Files.readString(log).contains("dashboard: http://127.0.0.1:8081/"), Files.readString(log));

            // a live feed client
            List<String> messages = new CopyOnWriteArrayList<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:8080/v1/events/live?types=transfer"), new WebSocket.Listener() {
                        private final StringBuilder part = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            part.append(data);
                            if (last) {
                                messages.add(part.toString());
                                part.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            long wsDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (messages.stream().filter(m -> m.contains("\"transfer\"")).count() < 20 && System.nanoTime() < wsDeadline) {
                Thread.sleep(200);
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            assertTrue(messages.stream().filter(m -> m.contains("\"transfer\"")).count() >= 20,
                    "the live feed's client got " + messages.size() + " messages: " + (messages.isEmpty() ? "" : messages.get(0)));

            // the dashboard in a browser
            Path shot = tmp.resolve("dashboard.png");
            Process p = new ProcessBuilder("node", "dashboard-check.mjs", "http://127.0.0.1:8081/", shot.toString(), chromium.toString())
                    .directory(client.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(150, TimeUnit.SECONDS), "the browser check finished");
            assertEquals(0, p.exitValue(), out);
            JsonNode r = new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
            assertTrue(r.get("totalEnd").asLong() > r.get("totalStart").asLong(), out);
            assertTrue(r.get("ledgerEnd").asLong() > r.get("ledgerStart").asLong(), out);
            assertTrue(r.get("lakeEvents").asLong() > 0, out);
            assertTrue(r.get("groupRows").asInt() >= 3, "ttp, llo and the lake sink listed: " + out);
            assertEquals(0, r.get("errors").size(), out);
        } finally {
            up.destroy(); // SIGTERM, as Ctrl-C
            boolean ended = up.waitFor(150, TimeUnit.SECONDS);
            if (!ended) {
                up.destroyForcibly();
            }
            assertTrue(ended, "./quiver up did not stop on SIGTERM: " + Files.readString(log));
        }
        for (int port : new int[] {9092, 8081, 8080, 8088, 8089, 8090, 8087}) {
            boolean listening;
            try (Socket s = new Socket("127.0.0.1", port)) {
                listening = true;
            } catch (java.io.IOException e) {
                listening = false;
            }
            assertTrue(!listening, "port " + port + " still listening after ./quiver up stopped");
        }
    }
}
