package io.quiver.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** One Quarkus service of the local cluster, run from its packaged {@code quarkus-app} as a child process. */
final class ServiceProcess {

    private final String name;
    private final int httpPort;
    private final int managementPort;
    private final Path jar;
    private final Path log;
    private final Map<String, String> properties;
    private Process process;

    /** {@code properties}: the service's settings ({@code -Dkey=value}), on top of its packaged defaults. */
    ServiceProcess(Path root, String name, int httpPort, int managementPort, Map<String, String> properties) {
        this.name = name;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        this.log = QuiverCli.state(root).resolve("logs").resolve(name + ".log");
        this.properties = new LinkedHashMap<>(properties);
    }

    /** Whether the process has ended (after {@link #start}); its exit code then. */
    OptionalInt exitCode() {
        return process == null || process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    String name() {
        return name;
    }

    int httpPort() {
        return httpPort;
    }

    int managementPort() {
        return managementPort;
    }

    Path log() {
        return log;
    }

    void start(String bootstrap) throws IOException {
        if (!Files.exists(jar)) {
            throw new UsageException(jar + " is missing: build with './mvnw install -DskipTests' (./quiver does this on first use)");
        }
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-Dkafka.bootstrap.servers=" + bootstrap);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dquarkus.http.port=" + httpPort);
        cmd.add("-Dquarkus.management.port=" + managementPort);
        cmd.add("-jar");
        cmd.add(jar.toString());
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until {@code /q/health/ready} answers 200, or the process dies, or the timeout passes. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        return false;
    }

    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
