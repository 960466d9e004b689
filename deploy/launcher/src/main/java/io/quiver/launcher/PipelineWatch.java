package io.quiver.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.Topics;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.store.LocalLakeStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What a run's pipeline has done so far, read from the outside as an operator would: ingest's
 * readiness data (its next ledger), every stage's consumer-group lag on the broker, and the lake's
 * manifest (rows and files per table). It also decides when a bounded run is complete: ingest has
 * published the last ledger, the ttp and llo groups have consumed their inputs to the end, and the
 * lake's manifest covers every committed record of every topic it sinks.
 */
final class PipelineWatch implements AutoCloseable {

    /** The stages and the topics their group reads (the lake sink's are the lake's topics). */
    static final Map<String, List<String>> GROUPS = Map.of(
            "ttp-service", List.of(Topics.STELLAR_LEDGERS),
            "llo-service", List.of(Topics.LLO_OBSERVATIONS));
    static final String SINK_GROUP = "quiver-sink";

    /** The lake's tables and their source topics (the sink's defaults). */
    static final Map<String, String> LAKE_TOPICS = lakeTopics();

    /** One look at the pipeline. */
    record Snapshot(long nanos, long ingestNext, String ingestState, String ingestReason, Map<String, Long> lags,
                    Map<String, long[]> lake, List<String> down) {

        long lakeRows(String table) {
            long[] t = lake.get(table);
            return t == null ? 0 : t[0];
        }

        long lakeFiles() {
            return lake.values().stream().mapToLong(t -> t[1]).sum();
        }

        long lakeBytes() {
            return lake.values().stream().mapToLong(t -> t[2]).sum();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Admin admin;
    private final KafkaClients kafka;
    private final Manifest manifest;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Integer> managementPorts = new LinkedHashMap<>();
    private final KafkaConsumer<byte[], byte[]> reader;
    private final Map<TopicPartition, long[]> tails = new HashMap<>();

    PipelineWatch(String bootstrap, Path lake) throws IOException {
        this.kafka = KafkaClients.plaintext(bootstrap);
        this.admin = kafka.admin();
        this.manifest = new Manifest(new LocalLakeStore(lake), "watch");
        this.reader = kafka.committedReader(8 << 20);
        for (LocalCluster.Service s : LocalCluster.SERVICES) {
            managementPorts.put(s.name(), s.management());
        }
    }

    Snapshot look() {
        long next = -1;
        String state = "unknown";
        String reason = null;
        List<String> down = new ArrayList<>();
        for (var e : managementPorts.entrySet()) {
            JsonNode health = health(e.getValue());
            if (health == null) {
                down.add(e.getKey() + ": not answering on :" + e.getValue());
                continue;
            }
            for (JsonNode check : health.path("checks")) {
                JsonNode data = check.path("data");
                if (e.getKey().equals("ingest-service") && check.path("name").asText().equals("ingest")) {
                    next = data.path("next_ledger").asLong(-1);
                    state = data.path("state").asText("unknown");
                    reason = data.hasNonNull("reason") ? data.path("reason").asText() : null;
                }
                if ("DOWN".equals(check.path("status").asText())) {
                    down.add(e.getKey() + " " + check.path("name").asText() + ": " + data.path("reason").asText(data.path("state").asText()));
                }
            }
        }
        Map<String, Long> lags = new LinkedHashMap<>();
        for (var g : GROUPS.entrySet()) {
            lags.put(g.getKey(), lag(g.getKey(), g.getValue()));
        }
        lags.put("lake-sink", lag(SINK_GROUP, List.copyOf(LAKE_TOPICS.values())));
        return new Snapshot(System.nanoTime(), next, state, reason, lags, lakeTables(), down);
    }

    /** Rows, files and bytes per table of the lake's current manifest snapshot. */
    Map<String, long[]> lakeTables() {
        Map<String, long[]> out = new TreeMap<>();
        try {
            for (LakeFile f : manifest.refresh().files()) {
                long[] t = out.computeIfAbsent(f.table(), k -> new long[3]);
                t[0] += f.rows();
                t[1]++;
                t[2] += f.bytes();
            }
        } catch (IOException e) {
            // not there yet: the sink creates it with its first commit
        }
        return out;
    }

    /**
     * Records of {@code topics} the group has not committed past; -1 before the group committed
     * anything. A partition whose committed offset is past its last committed record counts 0 even
     * though its end offset is one more (the transaction marker after a transactional producer's
     * records, which a group's commit never covers).
     */
    long lag(String group, List<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = endOffsets(topics);
            if (committed.isEmpty()) {
                return ends.values().stream().mapToLong(Long::longValue).sum() == 0 ? 0 : -1;
            }
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long at = c == null ? 0 : c.offset();
                if (at < e.getValue() && lastRecord(e.getKey(), e.getValue()) >= at) {
                    lag += e.getValue() - at;
                }
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /** The last committed record of a partition whose end offset is {@code end} (cached: a given end has one tail). */
    private long lastRecord(TopicPartition tp, long end) {
        long[] known = tails.get(tp);
        if (known != null && known[0] == end) {
            return known[1];
        }
        long last = lastRecordOffset(reader, tp);
        tails.put(tp, new long[] {end, last});
        return last;
    }

    /** Whether the group has committed past the last record of every partition of {@code topics}. */
    boolean caughtUp(String group, List<String> topics) {
        return lag(group, topics) == 0;
    }

    Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (var d : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
            d.partitions().forEach(p -> ask.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /**
     * Whether the lake holds every committed record of its topics: for each partition, the manifest's
     * next offset is past the partition's last committed record (found by reading its tail with
     * read_committed, since the end offset also counts transaction markers).
     */
    boolean lakeComplete() {
        LakeSnapshot snap;
        try {
            snap = manifest.refresh();
        } catch (IOException notYet) {
            return false; // no manifest before the sink's first commit
        }
        Map<String, Long> covered = snap.nextOffsets();
        try {
            Map<TopicPartition, Long> ends = endOffsets(List.copyOf(Set.copyOf(LAKE_TOPICS.values())));
            for (var e : ends.entrySet()) {
                long last = lastRecord(e.getKey(), e.getValue());
                if (last < 0) {
                    continue;
                }
                Long next = covered.get(e.getKey().topic() + "/" + e.getKey().partition());
                if (next == null || next <= last) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The offset of the last committed record of a partition, or -1 if it has none. */
    static long lastRecordOffset(KafkaConsumer<byte[], byte[]> reader, TopicPartition tp) {
        reader.assign(List.of(tp));
        long begin = reader.beginningOffsets(List.of(tp)).get(tp);
        long end = reader.endOffsets(List.of(tp)).get(tp);
        for (long window = 8; ; window *= 16) {
            long from = Math.max(begin, end - window);
            reader.seek(tp, from);
            long last = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reader.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    last = Math.max(last, r.offset());
                }
            }
            if (last >= 0 || from == begin) {
                return last;
            }
        }
    }

    private JsonNode health(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Map<String, String> lakeTopics() {
        Map<String, String> out = new LinkedHashMap<>();
        io.quiver.lake.table.LakeTables.defaults().forEach(t -> out.put(t.name(), t.topic()));
        return out;
    }

    @Override
    public void close() {
        reader.close();
        admin.close();
    }
}
