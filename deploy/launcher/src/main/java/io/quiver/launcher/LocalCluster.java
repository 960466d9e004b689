package io.quiver.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.TopicConventions;
import io.quiver.kafka.Topics;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The local single-machine cluster: a real Kafka broker in this JVM (its data in
 * {@code .quiver/kafka}) or an external one ({@code --kafka}), and every service as a child process
 * pointed at it. Ports: broker 9092; HTTP 8091 ingest, 8092 ttp, 8093 llo, 8081 sink (dashboard,
 * REST); management (health, metrics) 8088 ingest, 8089 ttp, 8090 llo, 8087 sink; Flight 8815
 * ingest, 8816 ttp, 8817 sink (Flight SQL); gRPC 50052 ingest, 50051 ttp; live WebSocket 8080.
 */
final class LocalCluster implements AutoCloseable {

    static final List<String> DATA_TOPICS = List.of(Topics.STELLAR_LEDGERS, Topics.STELLAR_TTP_EVENTS,
            Topics.STELLAR_TTP_EVENTS_PROTO, Topics.STELLAR_CONTRACT_EVENTS, Topics.LLO_OBSERVATIONS,
            Topics.LLO_AGGREGATES, Topics.LLO_REPORTS, Topics.STELLAR_TRANSACTIONS, Topics.STELLAR_OPERATIONS,
            Topics.STELLAR_CONTRACT_INVOCATIONS);

    /** One service of the cluster and the ports it listens on. */
    record Service(String name, int http, int management, Map<String, Integer> otherPorts) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("ingest-service", 8091, 8088, Map.of("Flight", 8815, "gRPC", 50052)),
            new Service("ttp-service", 8092, 8089, Map.of("Flight", 8816, "gRPC", 50051)),
            new Service("llo-service", 8093, 8090, Map.of()),
            new Service("sink-service", 8081, 8087, Map.of("Flight SQL", 8817, "live WebSocket", 8080)));

    private final Path root;
    private final Optional<String> externalKafka;
    private final int brokerPort;
    private final PrintStream out;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private EmbeddedKafkaBroker broker;
    private String bootstrap;
    private long sourceStarted;

    LocalCluster(Path root, Optional<String> externalKafka, int brokerPort, PrintStream out) {
        this.root = root;
        this.externalKafka = externalKafka;
        this.brokerPort = brokerPort;
        this.out = out;
    }

    Path brokerData() {
        return QuiverCli.state(root).resolve("kafka");
    }

    String bootstrap() {
        return bootstrap;
    }

    List<ServiceProcess> processes() {
        return processes;
    }

    /** Every port the cluster would listen on that is taken now, as "PORT (WHAT)"; empty when all are free. */
    List<String> portsInUse(boolean withServices) {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        if (externalKafka.isEmpty()) {
            wanted.put(brokerPort, "Kafka broker");
        }
        if (withServices) {
            for (Service s : SERVICES) {
                wanted.put(s.http(), s.name() + " HTTP");
                wanted.put(s.management(), s.name() + " health/metrics");
                s.otherPorts().forEach((what, port) -> wanted.put(port, s.name() + " " + what));
            }
        }
        List<String> taken = new ArrayList<>();
        wanted.forEach((port, what) -> {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress("0.0.0.0", port));
            } catch (IOException e) {
                taken.add(port + " (" + what + ")");
            }
        });
        return taken;
    }

    /** Starts (or connects to) the broker and creates the topics. */
    void startBroker() {
        if (externalKafka.isPresent()) {
            bootstrap = externalKafka.get();
            out.println("using Kafka at " + bootstrap);
            provisionTopics(bootstrap, null);
            return;
        }
        out.println("starting Kafka broker on 127.0.0.1:" + brokerPort + " (data in " + brokerData() + ")");
        broker = EmbeddedKafkaBroker.startPersistent(brokerData(), brokerPort, Map.of());
        bootstrap = broker.bootstrapServers();
        provisionTopics(bootstrap, broker);
    }

    /**
     * Starts every service with its settings ({@code properties} by service name) and waits until
     * each is ready; false (after saying which and where its log is) when one is not. ingest-service
     * starts last, once the stages after it are ready, so the source's ledgers flow from the moment
     * it starts ({@link #sourceStartedNanos}) through a pipeline that is already up.
     */
    boolean startServices(Map<String, Map<String, String>> properties) throws IOException, InterruptedException {
        List<Service> later = SERVICES.stream().filter(s -> s.name().equals("ingest-service")).toList();
        List<Service> first = SERVICES.stream().filter(s -> !later.contains(s)).toList();
        if (!startAndAwait(first, properties)) {
            return false;
        }
        sourceStarted = System.nanoTime();
        return startAndAwait(later, properties);
    }

    /** When ingest-service was started (System.nanoTime). */
    long sourceStartedNanos() {
        return sourceStarted;
    }

    private boolean startAndAwait(List<Service> services, Map<String, Map<String, String>> properties)
            throws IOException, InterruptedException {
        List<ServiceProcess> started = new ArrayList<>();
        for (Service s : services) {
            ServiceProcess p = new ServiceProcess(root, s.name(), s.http(), s.management(), properties.getOrDefault(s.name(), Map.of()));
            processes.add(p);
            started.add(p);
            p.start(bootstrap);
        }
        for (ServiceProcess p : started) {
            boolean ready = p.awaitReady(Duration.ofSeconds(120));
            out.printf("%-15s %-6s http :%d  health/metrics :%d/q/health :%d/q/metrics  log %s%n", p.name(),
                    ready ? "ready" : "FAILED", p.httpPort(), p.managementPort(), p.managementPort(), p.log());
            if (!ready) {
                out.println(p.name() + " did not become ready; the end of its log:");
                tail(p.log(), 15).forEach(l -> out.println("  " + l));
                return false;
            }
        }
        return true;
    }

    /**
     * Creates every data topic and its {@code .dlq} with the documented configs
     * ({@link TopicConventions#defaults()}: data kept for ever, dead letters 30 days, 8 MiB records),
     * and sets those configs on topics an earlier run created without them.
     */
    static void provisionTopics(String bootstrap, EmbeddedKafkaBroker broker) {
        TopicConventions conventions = TopicConventions.defaults();
        List<NewTopic> wanted = new ArrayList<>();
        DATA_TOPICS.forEach(t -> wanted.addAll(conventions.withDeadLetter(t)));
        try (Admin admin = KafkaClients.plaintext(bootstrap).admin()) {
            if (broker != null) {
                for (NewTopic t : wanted) {
                    broker.createTopics(t.numPartitions(), t.configs(), t.name());
                }
            } else {
                java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
                if (!missing.isEmpty()) {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                }
            }
            Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
            for (NewTopic t : wanted) {
                ops.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), t.configs().entrySet().stream()
                        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList());
            }
            admin.incrementalAlterConfigs(ops).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics on " + bootstrap, e);
        } catch (Exception e) {
            throw new UsageException("cannot create or configure the topics on Kafka " + bootstrap + ": " + e.getMessage());
        }
    }

    /** Stops the services (SIGTERM, then SIGKILL after 20 s) and the in-process broker. */
    @Override
    public void close() {
        processes.forEach(ServiceProcess::stop);
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** {@code ./quiver up} and {@code ./quiver broker}: the cluster until Ctrl-C. */
    int runUntilStopped(Map<String, Map<String, String>> properties, boolean withServices, Runnable onUp) {
        List<String> taken = portsInUse(withServices);
        if (!taken.isEmpty()) {
            throw new UsageException("port " + String.join(", ", taken) + " in use (another ./quiver up or run?)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }, "quiver-local-cluster-stop"));
        startBroker();
        try {
            if (withServices && !startServices(properties)) {
                out.println("Stopping.");
                return 1;
            }
        } catch (IOException e) {
            out.println("cannot start services: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.println("local cluster up: bootstrap.servers=" + bootstrap + "  (Ctrl-C stops everything)");
        if (withServices) {
            out.println("dashboard: http://127.0.0.1:8081/   live feed: ws://127.0.0.1:8080/v1/events/live");
        }
        onUp.run();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }
}
