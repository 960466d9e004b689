package io.quiver.kafka.embedded;

import java.nio.file.Path;
import java.util.Map;

/**
 * The in-process broker as a process of its own, so a test can SIGKILL it and start it again on
 * the same data and port. Args: {@code LOG_DIR PORT}. Prints {@code ready HOST:PORT} once it
 * serves, then runs until killed.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startPersistent(Path.of(args[0]), Integer.parseInt(args[1]), Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-stop"));
        System.out.println("ready " + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
