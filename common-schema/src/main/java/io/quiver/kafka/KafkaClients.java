package io.quiver.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one way Quiver builds Kafka clients. Every consumer, producer and admin client of every
 * stage comes from here, so the cluster's settings ({@code bootstrap.servers},
 * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, timeouts, ...) are given once and reach
 * them all.
 *
 * <p>Each client's properties are layered, later layers winning: the shape's tunable defaults
 * (fetch and request sizes, linger), the common settings, the role's overrides (consumer, producer
 * or admin), then what the shape requires for its guarantees (transactional id, idempotence,
 * {@code acks=all}, {@code read_committed}, no auto-commit, the group), which no setting may
 * loosen. A configured {@code client.id} gets a per-client suffix, as Kafka wants it unique.
 */
public final class KafkaClients {

    /** Which kind of client a set of overrides applies to. */
    public enum Role { CONSUMER, PRODUCER, ADMIN }

    /** Headroom over a record's size for request and fetch limits (headers, batch framing). */
    private static final int FRAMING = 1 << 20;
    private static final String BOOTSTRAP = AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG;
    private static final String CLIENT_ID = AdminClientConfig.CLIENT_ID_CONFIG;

    private final Map<String, Object> common;
    private final Map<Role, Map<String, Object>> overrides;
    private final AtomicInteger clients = new AtomicInteger();

    public KafkaClients(Map<String, ?> common, Map<String, ?> consumer, Map<String, ?> producer, Map<String, ?> admin) {
        if (common.get(BOOTSTRAP) == null || common.get(BOOTSTRAP).toString().isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set: the Kafka cluster to use (host:port,...)");
        }
        this.common = Map.copyOf(common);
        this.overrides = Map.of(Role.CONSUMER, Map.copyOf(consumer), Role.PRODUCER, Map.copyOf(producer),
                Role.ADMIN, Map.copyOf(admin));
    }

    /** Clients with {@code common} settings and no per-role overrides (tools, tests, benchmarks). */
    public static KafkaClients of(Map<String, ?> common) {
        return new KafkaClients(common, Map.of(), Map.of(), Map.of());
    }

    /** Clients of the cluster at {@code bootstrapServers}, nothing else set. */
    public static KafkaClients plaintext(String bootstrapServers) {
        return of(Map.of(BOOTSTRAP, bootstrapServers));
    }

    public String bootstrapServers() {
        return common.get(BOOTSTRAP).toString();
    }

    /** The security protocol in use ({@code PLAINTEXT} unless set). */
    public String securityProtocol() {
        Object p = common.getOrDefault("security.protocol", "PLAINTEXT");
        return p.toString();
    }

    /** The layered properties of a client of {@code role}; see the class comment. */
    public Map<String, Object> properties(Role role, Map<String, ?> tunables, Map<String, ?> required) {
        Map<String, Object> p = new HashMap<>(tunables);
        p.putAll(common);
        p.putAll(overrides.get(role));
        p.putAll(required);
        Object id = p.get(CLIENT_ID);
        if (id != null && !id.toString().isBlank()) {
            p.put(CLIENT_ID, id + "-" + role.name().toLowerCase(java.util.Locale.ROOT) + "-" + clients.incrementAndGet());
        }
        return p;
    }

    /**
     * A consumer in group {@code groupId} for read-process-write: {@code read_committed}, no
     * auto-commit (offsets go into the producer's transaction), from the earliest offset when the
     * group has none. {@code tunables} (session timeout, poll size, ...) may be overridden by settings.
     */
    public KafkaConsumer<byte[], byte[]> transactionalConsumer(String groupId, int maxRecordBytes, Map<String, ?> tunables) {
        Map<String, Object> t = new HashMap<>(consumerSizes(maxRecordBytes, false));
        t.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        t.putAll(tunables);
        return consumer(properties(Role.CONSUMER, t, Map.of(ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)));
    }

    /** A consumer without a group that assigns partitions itself and reads only committed records (range reads, checkpoints). */
    public KafkaConsumer<byte[], byte[]> committedReader(int maxRecordBytes) {
        return consumer(properties(Role.CONSUMER, consumerSizes(maxRecordBytes, true), Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)));
    }

    /**
     * A transactional producer ({@code transactional.id}, idempotent, {@code acks=all}), requests
     * large enough for a record of {@code maxRecordBytes}; the caller runs {@code initTransactions()}.
     * No client compression: the Arrow bodies are compressed already.
     */
    public KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId, int maxRecordBytes) {
        return transactionalProducer(transactionalId, maxRecordBytes, Map.of());
    }

    /**
     * As {@link #transactionalProducer(String, int)} with the caller's {@code tunables} (for
     * instance a {@code batch.size} for large records; keep it under the topics'
     * {@code max.message.bytes}, which limits whole batches).
     */
    public KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId, int maxRecordBytes, Map<String, ?> tunables) {
        Map<String, Object> required = new HashMap<>(idempotence());
        required.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        Map<String, Object> t = new HashMap<>(producerSizes(maxRecordBytes));
        t.putAll(tunables);
        return producer(properties(Role.PRODUCER, t, required));
    }

    /** An idempotent producer ({@code acks=all}, no duplicates on retries) for records up to {@code maxRecordBytes}. */
    public KafkaProducer<byte[], byte[]> idempotentProducer(int maxRecordBytes) {
        return producer(properties(Role.PRODUCER, producerSizes(maxRecordBytes), idempotence()));
    }

    /** An admin client; {@code tunables} (timeouts) may be overridden by settings. */
    public Admin admin(Map<String, ?> tunables) {
        return Admin.create(properties(Role.ADMIN, tunables, Map.of()));
    }

    public Admin admin() {
        return admin(Map.of());
    }

    /** The settings as an operator would want to see them: secrets ({@code *password*}, {@code *jaas*}, {@code *secret*}) masked. */
    public String describe() {
        Map<String, Object> shown = new TreeMap<>();
        common.forEach((k, v) -> shown.put(k, secret(k) ? "***" : v));
        return shown.toString();
    }

    private static boolean secret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token");
    }

    private static Map<String, Object> idempotence() {
        return Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all");
    }

    /**
     * Fetches that take a whole record per partition. A stage's consumer keeps Kafka's 50 MiB per
     * fetch, which keeps its pipeline fed (32 MiB made ttp's row-mode hop ~10% slower); a range
     * reader asks for 4 records' worth, as it stops soon after its range (measured by
     * {@code bench range-read}).
     */
    private static Map<String, Object> consumerSizes(int maxRecordBytes, boolean rangeReader) {
        return rangeReader
                ? Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxRecordBytes + FRAMING,
                        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * (maxRecordBytes + FRAMING))
                : Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxRecordBytes + FRAMING);
    }

    /** Requests that fit one record; batches stay at Kafka's default size, as a topic's limit applies to a whole batch. */
    private static Map<String, Object> producerSizes(int maxRecordBytes) {
        return Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes + FRAMING,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * (maxRecordBytes + FRAMING));
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> p) {
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> p) {
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

}
