package io.quiver.kafka.embedded;

/**
 * One broker per JVM, started on first use and stopped at JVM exit. Quarkus dev mode restarts the
 * application on every code change; keeping the broker in a class loaded from this library (never
 * reloaded) means topics and offsets survive those restarts.
 */
public final class SharedEmbeddedKafka {

    private static EmbeddedKafkaBroker broker;

    private SharedEmbeddedKafka() {
    }

    /** The JVM's broker, started if needed. */
    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            EmbeddedKafkaBroker started = EmbeddedKafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "quiver-embedded-kafka-stop"));
            broker = started;
        }
        return broker;
    }
}
