package io.quiver.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;

class QuiverCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return QuiverCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void anUnknownCommandIsExitCode2WithTheUsage() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString().startsWith("quiver: unknown command 'frobnicate'"), err.toString());
    }

    @Test
    void aBadNumberIsOneLineAndExitCode2() {
        assertEquals(2, run("broker", "--port", "ninety"));
        assertEquals("quiver broker: --port expects a number, got 'ninety'", err.toString().strip());
    }

    @Test
    void topicsListsWhatIsOnARealBroker() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(3, "stellar.ledgers.v1");
            assertEquals(0, run("topics", "--bootstrap", broker.bootstrapServers()));
            assertTrue(out.toString().lines().anyMatch(l -> l.matches("stellar\\.ledgers\\.v1\\s+3\\s+0")), out.toString());
        }
    }
}
