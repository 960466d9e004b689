package io.quiver.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.TopicConventions;
import io.quiver.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;

/**
 * The local single-machine cluster: a real Kafka broker in this JVM, its data kept in
 * {@code .quiver/kafka} so topics survive restarts, and every service as a child process pointed
 * at it. Ports: broker 9092; HTTP 8091 ingest, 8092 ttp, 8093 llo, 8081 sink; management (health,
 * metrics) 8088 ingest, 8089 ttp, 8090 llo, 8087 sink.
 */
final class LocalCluster {

    static final List<String> DATA_TOPICS = List.of(Topics.STELLAR_LEDGERS, Topics.STELLAR_TTP_EVENTS,
            Topics.STELLAR_TTP_EVENTS_PROTO, Topics.STELLAR_CONTRACT_EVENTS, Topics.LLO_OBSERVATIONS,
            Topics.LLO_AGGREGATES, Topics.LLO_REPORTS);

    private final Path root;
    private final int port;
    private final PrintStream out;

    LocalCluster(Path root, int port, PrintStream out) {
        this.root = root;
        this.port = port;
        this.out = out;
    }

    /**
     * Creates every data topic and its {@code .dlq} with the documented configs
     * ({@link TopicConventions#defaults()}: data kept for ever, dead letters 30 days, 8 MiB records),
     * and sets those configs on topics an earlier run created without them.
     */
    static void provisionTopics(EmbeddedKafkaBroker broker) {
        TopicConventions conventions = TopicConventions.defaults();
        List<NewTopic> wanted = new ArrayList<>();
        DATA_TOPICS.forEach(t -> wanted.addAll(conventions.withDeadLetter(t)));
        for (NewTopic t : wanted) {
            broker.createTopics(t.numPartitions(), t.configs(), t.name());
        }
        try (Admin admin = KafkaClients.plaintext(broker.bootstrapServers()).admin()) {
            Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
            for (NewTopic t : wanted) {
                ops.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), t.configs().entrySet().stream()
                        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList());
            }
            admin.incrementalAlterConfigs(ops).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set the topics' configs on " + broker.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    int runUntilStopped(boolean withServices) {
        List<ServiceProcess> services = new ArrayList<>();
        if (withServices) {
            services.add(new ServiceProcess(root, "ingest-service", 8091, 8088));
            services.add(new ServiceProcess(root, "ttp-service", 8092, 8089));
            services.add(new ServiceProcess(root, "llo-service", 8093, 8090));
            services.add(new ServiceProcess(root, "sink-service", 8081, 8087));
        }
        out.println("starting Kafka broker on 127.0.0.1:" + port + " (data in " + root.resolve(".quiver/kafka") + ")");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startPersistent(root.resolve(".quiver/kafka"), port, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.forEach(ServiceProcess::stop);
            broker.close();
            stopped.countDown();
        }, "quiver-local-cluster-stop"));
        provisionTopics(broker);
        try {
            for (ServiceProcess s : services) {
                s.start(broker.bootstrapServers());
            }
            for (ServiceProcess s : services) {
                boolean ready = s.awaitReady(Duration.ofSeconds(120));
                out.printf("%-15s %-6s http :%d  health/metrics :%d/q/health :%d/q/metrics  log %s%n", s.name(),
                        ready ? "ready" : "FAILED", s.httpPort(), s.managementPort(), s.managementPort(), s.log());
                if (!ready) {
                    out.println("a service did not become ready; see its log. Stopping.");
                    return 1;
                }
            }
        } catch (IOException e) {
            out.println("cannot start services: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.println("local cluster up: bootstrap.servers=" + broker.bootstrapServers() + "  (Ctrl-C stops everything)");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
