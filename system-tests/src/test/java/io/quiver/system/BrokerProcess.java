package io.quiver.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.quiver.kafka.embedded.BrokerMain;

/** The in-process broker in a JVM of its own ({@link BrokerMain}) on a fixed port and data folder, so it can be SIGKILLed and restarted. */
final class BrokerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static BrokerProcess start(Path dataDir, int port) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), BrokerMain.class.getName(), dataDir.toString(), Integer.toString(port))
                .redirectErrorStream(true).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "broker-kill"));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("ready ")) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        if (ready.get(60, TimeUnit.SECONDS) == null) {
            throw new IllegalStateException("the broker process did not start");
        }
        // keep draining its output so it never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "broker-output");
        drain.setDaemon(true);
        drain.start();
        return new BrokerProcess(p, port);
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown, whatever was in flight is cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
