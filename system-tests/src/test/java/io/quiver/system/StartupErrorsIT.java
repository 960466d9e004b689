package io.quiver.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quiver.service.testing.PackagedService;
import org.junit.jupiter.api.Test;

/** Bad settings and an absent broker, as an operator meets them: one line that names the key or address, within 15 s. */
class StartupErrorsIT {

    static final Duration LIMIT = Duration.ofSeconds(15);

    /** Waits for the service, started at {@code startNanos}, to exit non-zero within the limit; returns its log. */
    private static String exits(PackagedService s, long startNanos) throws Exception {
        assertTrue(s.process().waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), s.name() + " did not exit within " + LIMIT + ": " + s.log());
        System.out.printf("%s exited %d ms after its start, code %d%n", s.name(), (System.nanoTime() - startNanos) / 1_000_000,
                s.process().exitValue());
        assertTrue(s.process().exitValue() != 0, s.name() + " exit code " + s.process().exitValue());
        return s.log();
    }

    /** The first line of {@code log} that has every one of {@code words}, or fails showing the log. */
    private static String lineWith(String log, String... words) {
        return log.lines().filter(l -> {
            for (String w : words) {
                if (!l.contains(w)) {
                    return false;
                }
            }
            return true;
        }).findFirst().orElseThrow(() -> new AssertionError("no line with " + String.join(" + ", words) + " in:\n" + log));
    }

    private static PackagedService start(String module, Map<String, String> settings, Map<String, String> env) throws Exception {
        return PackagedService.start(module, module + "-startup", settings, env);
    }

    @Test
    void aBadChoiceIsOneLineNamingTheKeyTheValueAndTheAllowedValuesAndANonZeroExit() throws Exception {
        long start = System.nanoTime();
        try (PackagedService ttp = start("ttp-service", Map.of("kafka.bootstrap.servers", "127.0.0.1:1"), Map.of("QUIVER_TTP_MODE", "bogus"));
             PackagedService ingest = start("ingest-service", Map.of("kafka.bootstrap.servers", "127.0.0.1:1"),
                     Map.of("QUIVER_INGEST_SOURCE", "bogus"))) {
            String t = lineWith(exits(ttp, start), "quiver.ttp.mode", "bogus", "derived", "unified");
            String i = lineWith(exits(ingest, start), "quiver.ingest.source", "bogus", "datalake", "generated");
            System.out.println("ttp: " + t + "\ningest: " + i);
        }
    }

    @Test
    void anUnreachableBrokerIsOneLineNamingTheAddressWithin15sThenReadinessDownWhileItRetries() throws Exception {
        try (PackagedService ttp = start("ttp-service", Map.of("kafka.bootstrap.servers", "127.0.0.1:1"), Map.of())) {
            long start = System.nanoTime();
            String line = null;
            while (line == null && System.nanoTime() - start < LIMIT.toNanos()) {
                line = ttp.log().lines().filter(l -> l.contains("127.0.0.1:1") && l.contains("cannot provision topics")).findFirst()
                        .orElse(null);
                Thread.sleep(200);
            }
            assertTrue(line != null, "a line naming the address within " + LIMIT + ":\n" + ttp.log());
            System.out.println("unreachable broker: " + line);
            ttp.awaitDown("127.0.0.1:1", Duration.ofSeconds(30));
            assertTrue(ttp.process().isAlive(), "it keeps retrying rather than exit");
        }
    }

    @Test
    void aMissingRequiredKeyIsOneLineNamingItAndANonZeroExit() throws Exception {
        // a packaged service has no in-process broker to fall back on: without kafka.bootstrap.servers it cannot run
        long start = System.nanoTime();
        try (PackagedService llo = start("llo-service", Map.of(), Map.of())) {
            String line = lineWith(exits(llo, start), "kafka.bootstrap.servers is not set");
            System.out.println("missing key: " + line);
        }
    }
}
