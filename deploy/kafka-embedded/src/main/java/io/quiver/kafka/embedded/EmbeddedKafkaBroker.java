package io.quiver.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running inside
 * this JVM. Used by tests, by {@code quarkus:dev} when no {@code kafka.bootstrap.servers} is set and
 * by the local launcher, so that nothing in Quiver needs Docker or a separately installed broker.
 *
 * <p>It is the same broker code as a production Kafka 4.1 node; only the replication factors are 1.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Largest record the broker, and the clients built by {@link #clientProperties()}, accept. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private final Path logDir;
    private final boolean deleteOnClose;
    private final int brokerPort;
    private final int controllerPort;
    private final SaslSsl saslSsl;
    private final KafkaRaftServer server;
    private volatile boolean closed;

    /**
     * A second listener speaking SASL_SSL with the PLAIN mechanism on {@code port}: TLS with the
     * PKCS12 {@code keystore} (a certificate for 127.0.0.1) and the {@code users} and passwords it accepts.
     */
    public record SaslSsl(int port, Path keystore, String keystorePassword, Map<String, String> users) {
    }

    private EmbeddedKafkaBroker(Path logDir, boolean deleteOnClose, int brokerPort, int controllerPort,
                                Map<String, String> overrides, SaslSsl saslSsl) {
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.saslSsl = saslSsl;
        Properties props = brokerProperties(overrides);
        format(props);
        this.server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        this.server.startup();
    }

    /** Starts a broker on free loopback ports with a fresh temporary log directory. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /** Starts a broker on free loopback ports; {@code overrides} are extra broker settings. */
    public static EmbeddedKafkaBroker start(Map<String, String> overrides) {
        try {
            Path dir = Files.createTempDirectory("quiver-kafka-");
            int broker = freePort();
            return new EmbeddedKafkaBroker(dir, true, broker, freePort(broker), overrides, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log directory for the in-process Kafka broker", e);
        }
    }

    /**
     * Starts a broker that keeps its data in {@code logDir} (formatted on first use) and listens on
     * {@code brokerPort}; used by the local launcher so that topics survive a restart.
     */
    public static EmbeddedKafkaBroker startPersistent(Path logDir, int brokerPort, Map<String, String> overrides) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log directory " + logDir, e);
        }
        return new EmbeddedKafkaBroker(logDir, false, brokerPort, freePort(brokerPort), overrides, null);
    }

    /**
     * As {@link #startPersistent}, with a SASL_SSL listener besides the plaintext one (which the
     * broker keeps for itself and for tests that look from outside).
     */
    public static EmbeddedKafkaBroker startPersistent(Path logDir, int brokerPort, Map<String, String> overrides, SaslSsl saslSsl) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log directory " + logDir, e);
        }
        return new EmbeddedKafkaBroker(logDir, false, brokerPort, freePort(brokerPort, saslSsl.port()), overrides, saslSsl);
    }

    /** A fresh broker on free ports with a SASL_SSL listener on {@code saslSsl.port()} (0: a free one). */
    public static EmbeddedKafkaBroker startWithSaslSsl(SaslSsl saslSsl) {
        try {
            Path dir = Files.createTempDirectory("quiver-kafka-");
            SaslSsl s = saslSsl.port() == 0 ? new SaslSsl(freePort(), saslSsl.keystore(), saslSsl.keystorePassword(), saslSsl.users())
                    : saslSsl;
            int broker = freePort(s.port());
            return new EmbeddedKafkaBroker(dir, true, broker, freePort(s.port(), broker), Map.of(), s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log directory for the in-process Kafka broker", e);
        }
    }

    /** {@code host:port} of the SASL_SSL listener. */
    public String saslSslBootstrapServers() {
        if (saslSsl == null) {
            throw new IllegalStateException("this broker has no SASL_SSL listener");
        }
        return "127.0.0.1:" + saslSsl.port();
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Client settings for this broker (its bootstrap servers); size limits are the caller's to raise. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    /** Creates topics (ignoring ones that exist) and waits until they are usable. */
    public void createTopics(int partitions, String... names) {
        createTopics(partitions, Map.of(), names);
    }

    /** As {@link #createTopics(int, String...)}, with topic {@code configs} ({@code max.message.bytes}, ...). */
    public void createTopics(int partitions, Map<String, String> configs, String... names) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics on " + bootstrapServers(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(logDir);
        }
    }

    private Properties brokerProperties(Map<String, String> overrides) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("min.insync.replicas", "1");
        props.put("default.replication.factor", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        props.put("message.max.bytes", String.valueOf(DEFAULT_MAX_MESSAGE_BYTES));
        props.put("replica.fetch.max.bytes", String.valueOf(DEFAULT_MAX_MESSAGE_BYTES));
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        if (saslSsl != null) {
            props.put("listeners", props.get("listeners") + ",SASL_SSL://127.0.0.1:" + saslSsl.port());
            props.put("advertised.listeners", props.get("advertised.listeners") + ",SASL_SSL://127.0.0.1:" + saslSsl.port());
            props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
            props.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            saslSsl.users().forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
            props.put("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas.append(';').toString());
            props.put("listener.name.sasl_ssl.ssl.keystore.location", saslSsl.keystore().toString());
            props.put("listener.name.sasl_ssl.ssl.keystore.password", saslSsl.keystorePassword());
            props.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        }
        props.putAll(overrides);
        return props;
    }

    private void format(Properties props) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // a persistent directory formatted by an earlier run
        }
        try {
            new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A free loopback port other than {@code taken}: the system may hand out the port it just freed
     * again (CI once got the same port for the broker and the controller listener, which Kafka refuses).
     */
    private static int freePort(int... taken) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
            if (Arrays.stream(taken).noneMatch(t -> t == port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port other than " + Arrays.toString(taken));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory left behind is harmless
        }
    }
}
