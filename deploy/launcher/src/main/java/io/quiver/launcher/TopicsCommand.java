package io.quiver.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.quiver.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./quiver topics}: every topic with its partition count and the committed records it holds,
 * counted by reading them ({@code read_committed}): offsets would also count the transaction
 * markers every transactional write leaves, and aborted records.
 */
final class TopicsCommand {

    private final String bootstrap;
    private final PrintStream out;

    TopicsCommand(String bootstrap, PrintStream out) {
        this.bootstrap = bootstrap;
        this.out = out;
    }

    /** Committed records per topic, read from the start of every partition to its end. */
    private Map<String, Long> count(List<TopicPartition> parts) {
        Map<String, Long> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = KafkaClients.plaintext(bootstrap).committedReader(8 << 20)) {
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts, Duration.ofSeconds(15));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    counts.merge(r.topic(), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    int run() {
        try (Admin admin = KafkaClients.plaintext(bootstrap).admin(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
            TreeSet<String> names = new TreeSet<>(admin.listTopics().names().get(15, TimeUnit.SECONDS));
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS);
            List<TopicPartition> parts = new ArrayList<>();
            topics.values().forEach(d -> d.partitions().forEach(p -> {
                TopicPartition tp = new TopicPartition(d.name(), p.partition());
                parts.add(tp);
            }));
            Map<String, Long> counts = count(parts);
            out.printf("%-40s %10s %12s%n", "topic", "partitions", "records");
            for (String name : names) {
                out.printf("%-40s %10d %12d%n", name, topics.get(name).partitions().size(), counts.getOrDefault(name, 0L));
            }
            return 0;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root != e) {
                e = new Exception(e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")");
            }
            throw new UsageException("cannot list topics on " + bootstrap + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
