package io.quiver.launcher;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/** {@code ./quiver topics}: every topic with its partition count and records retained. */
final class TopicsCommand {

    private final String bootstrap;
    private final PrintStream out;

    TopicsCommand(String bootstrap, PrintStream out) {
        this.bootstrap = bootstrap;
        this.out = out;
    }

    int run() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
            TreeSet<String> names = new TreeSet<>(admin.listTopics().names().get(15, TimeUnit.SECONDS));
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.values().forEach(d -> d.partitions().forEach(p -> {
                TopicPartition tp = new TopicPartition(d.name(), p.partition());
                earliest.put(tp, OffsetSpec.earliest());
                latest.put(tp, OffsetSpec.latest());
            }));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> lo = admin.listOffsets(earliest).all().get(15, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> hi = admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS);
            out.printf("%-40s %10s %12s%n", "topic", "partitions", "records");
            for (String name : names) {
                List<TopicPartition> parts = topics.get(name).partitions().stream().map(p -> new TopicPartition(name, p.partition())).toList();
                long records = parts.stream().mapToLong(tp -> hi.get(tp).offset() - lo.get(tp).offset()).sum();
                out.printf("%-40s %10d %12d%n", name, parts.size(), records);
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
