package io.quiver.service.testing;

import java.io.IOException;
import java.net.InetAddress;
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
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}, so tests using it run
 * after {@code package}) started as an operator would: its own JVM, settings as {@code -D}
 * options, output to a log file; readiness and metrics over HTTP on its management port.
 */
public final class PackagedService implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int management;
    private final Path log;

    private PackagedService(String name, Process process, int management, Path log) {
        this.name = name;
        this.process = process;
        this.management = management;
        this.log = log;
    }

    /** The packaged jar of {@code module} (for example {@code ttp-service}) in this checkout. */
    public static Path jarOf(String module) {
        Path repo = Path.of(System.getProperty("quiver.repo.dir", ".."));
        Path jar = repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new AssertionError(jar.toAbsolutePath() + " is missing: this test runs after 'package' of " + module);
        }
        return jar;
    }

    /** Starts {@code module}'s packaged service with {@code settings} (keys without {@code -D}) on free HTTP and management ports. */
    public static PackagedService start(String module, String name, Map<String, String> settings) throws IOException {
        return start(module, name, settings, Map.of());
    }

    /** As {@link #start(String, String, Map)}, with environment variables {@code env} (for example {@code QUIVER_TTP_MODE}). */
    public static PackagedService start(String module, String name, Map<String, String> settings, Map<String, String> env)
            throws IOException {
        int management = freePort();
        Path log = Files.createTempFile(name + "-", ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g",
                "-Dquarkus.http.port=" + freePort(), "-Dquarkus.management.port=" + management));
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jarOf(module).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        // a test that fails half-way must not leave a service running after its JVM
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, name + "-kill"));
        return new PackagedService(name, p, management, log);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    /** The body of a management GET with its status, or null when the service does not answer. */
    public HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether readiness says UP now. */
    public boolean ready() {
        HttpResponse<String> r = get("/q/health/ready");
        return r != null && r.statusCode() == 200;
    }

    /** The readiness document now (UP or DOWN), or null when the service does not answer. */
    public String readiness() {
        HttpResponse<String> r = get("/q/health/ready");
        return r == null ? null : r.body();
    }

    /** Waits until readiness is UP, failing with the service's log after {@code timeout}. */
    public void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (ready()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " did not become ready within " + timeout + "; readiness " + readiness() + "; log:\n" + log());
    }

    /** Waits until readiness is DOWN and says {@code contains}; returns how long that took. */
    public Duration awaitDown(String contains, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last = null;
        while (System.nanoTime() < deadline && process.isAlive()) {
            HttpResponse<String> r = get("/q/health/ready");
            if (r != null) {
                last = r.body();
                if (r.statusCode() == 503 && last.contains(contains)) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " did not report DOWN with '" + contains + "' within " + timeout + "; last readiness "
                + last + "; log:\n" + log());
    }

    /** A Prometheus sample ({@code name} with any labels matching {@code labels}, summed), or empty. */
    public OptionalDouble metric(String metric, String labels) {
        HttpResponse<String> r = get("/q/metrics");
        if (r == null || r.statusCode() != 200) {
            return OptionalDouble.empty();
        }
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*})? ([-0-9.E+]+)$").matcher(r.body());
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            if (labels == null || (m.group(1) != null && m.group(1).contains(labels))) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait (a clean shutdown), SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }
}
