package io.quiver.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quiver.codec.RecordHeaders;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.LedgerOffsetIndex;
import io.quiver.kafka.TopicConventions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./quiver replay --topic T --from-ledger N [--to-ledger M] --to GROUP|vK}: reprocessing
 * from a point in a Stellar topic, the way users do after an upgrade.
 *
 * <ul>
 *   <li>{@code --to GROUP}: the consumer group (new, or with no member running) is set to read
 *       {@code T} from ledger N on; a stage started with that group id reprocesses from there while
 *       the old deployment goes on under its own group.</li>
 *   <li>{@code --to vK}: the records of {@code T} holding ledgers N..M are copied, same partition,
 *       key, value and headers, into {@code T}'s version K ({@code stellar.ledgers.v1} to
 *       {@code stellar.ledgers.v2}), a new topic that stages of the new version read.</li>
 * </ul>
 *
 * The starting offsets come from the {@link LedgerOffsetIndex}, learnt by reading the records'
 * ledger headers once: records before the point where a partition first holds ledger N are not
 * read again (a partition need not be in ledger order).
 */
final class ReplayCommand {

    static final String USAGE = "usage: ./quiver replay --topic T --from-ledger N [--to-ledger M] --to GROUP|vK [--bootstrap H:P]";
    private static final Pattern VERSION = Pattern.compile("v(\\d+)");
    private static final Pattern TOPIC_VERSION = Pattern.compile("^(.*\\.)v(\\d+)$");

    private final PrintStream out;

    ReplayCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws InterruptedException {
        Options o = Options.parse(args);
        String topic = o.option("--topic", null);
        String to = o.option("--to", null);
        String fromText = o.option("--from-ledger", null);
        if (topic == null || to == null || fromText == null) {
            throw new UsageException(USAGE);
        }
        long from = number("--from-ledger", fromText);
        OptionalLong until = o.option("--to-ledger", null) == null ? OptionalLong.empty()
                : OptionalLong.of(number("--to-ledger", o.option("--to-ledger", null)));
        if (until.isPresent() && until.getAsLong() < from) {
            throw new UsageException("--to-ledger " + until.getAsLong() + " is before --from-ledger " + from);
        }
        String bootstrap = o.option("--bootstrap", "127.0.0.1:9092");
        KafkaClients kafka = KafkaClients.plaintext(bootstrap);
        try (Admin admin = kafka.admin(); KafkaConsumer<byte[], byte[]> reader = kafka.committedReader(8 << 20)) {
            try {
                if (!admin.listTopics().names().get(15, TimeUnit.SECONDS).contains(topic)) {
                    throw new UsageException("no topic " + topic + " on " + bootstrap);
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new UsageException("cannot reach Kafka " + bootstrap + ": " + e.getMessage());
            }
            List<TopicPartition> parts = partitions(reader, topic, bootstrap);
            LedgerOffsetIndex index = learn(reader, parts);
            Map<TopicPartition, Long> starts = new HashMap<>();
            Map<TopicPartition, Long> begins = reader.beginningOffsets(parts);
            for (TopicPartition tp : parts) {
                starts.put(tp, Math.max(begins.get(tp), index.startOffset(tp.partition(), from)));
            }
            Matcher v = VERSION.matcher(to);
            if (v.matches()) {
                return copy(kafka, admin, reader, topic, parts, starts, from, until, Integer.parseInt(v.group(1)));
            }
            if (until.isPresent()) {
                throw new UsageException("--to-ledger needs --to vK: a consumer group reads on until its stage is stopped");
            }
            return resetGroup(admin, to, topic, starts, from);
        }
    }

    private int resetGroup(Admin admin, String group, String topic, Map<TopicPartition, Long> starts, long from) throws InterruptedException {
        try {
            ConsumerGroupDescription d;
            try {
                d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                    throw e;
                }
                d = null; // a new group
            }
            if (d != null && !d.members().isEmpty()) {
                throw new UsageException("group " + group + " has " + d.members().size() + " running member(s): stop them first "
                        + "(or name a new group)");
            }
            if (d != null && d.groupState() != GroupState.EMPTY && d.groupState() != GroupState.DEAD) {
                throw new UsageException("group " + group + " is " + d.groupState() + ": it can be moved only while no member runs");
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            starts.forEach((tp, off) -> offsets.put(tp, new OffsetAndMetadata(off, "quiver replay from ledger " + from)));
            admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new UsageException("cannot set group " + group + " on " + topic + ": " + e.getMessage());
        }
        out.printf("group %s now reads %s from ledger %d (offsets %s); start the stage with this group id, e.g. "
                + "quiver.ttp.group-id=%s for ttp-service%n", group, topic, from, new java.util.TreeMap<>(offsetsByPartition(starts)), group);
        return 0;
    }

    private int copy(KafkaClients kafka, Admin admin, KafkaConsumer<byte[], byte[]> reader, String topic, List<TopicPartition> parts,
                     Map<TopicPartition, Long> starts, long from, OptionalLong until, int version) throws InterruptedException {
        Matcher m = TOPIC_VERSION.matcher(topic);
        if (!m.matches()) {
            throw new UsageException("topic " + topic + " has no .vN version suffix to replace");
        }
        String target = m.group(1) + "v" + version;
        if (target.equals(topic)) {
            throw new UsageException("--to v" + version + " is the topic's own version");
        }
        prepareTarget(admin, reader, target, parts.size());
        long copied = 0;
        String txId = "quiver-replay-" + target;
        try (KafkaProducer<byte[], byte[]> producer = kafka.transactionalProducer(txId, 8 << 20)) {
            producer.initTransactions();
            producer.beginTransaction();
            reader.assign(parts);
            Map<TopicPartition, Long> ends = reader.endOffsets(parts);
            for (TopicPartition tp : parts) {
                reader.seek(tp, starts.get(tp));
            }
            int inTransaction = 0;
            while (parts.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    OptionalLong first = RecordHeaders.number(r.headers(), RecordHeaders.LEDGER_FIRST);
                    OptionalLong last = RecordHeaders.number(r.headers(), RecordHeaders.LEDGER_LAST);
                    if (first.isEmpty() || last.isEmpty() || last.getAsLong() < from
                            || (until.isPresent() && first.getAsLong() > until.getAsLong())) {
                        continue;
                    }
                    producer.send(new ProducerRecord<>(target, r.partition(), r.timestamp(), r.key(), r.value(), r.headers()));
                    copied++;
                    if (++inTransaction == 1000) {
                        producer.commitTransaction();
                        producer.beginTransaction();
                        inTransaction = 0;
                    }
                }
            }
            producer.commitTransaction();
        }
        out.printf("copied %d records of %s holding ledgers %d..%s into %s%n", copied, topic, from,
                until.isPresent() ? String.valueOf(until.getAsLong()) : "", target);
        return 0;
    }

    /** The target version topic: made with the source's partitions and the documented configs, or empty if it exists. */
    private static void prepareTarget(Admin admin, KafkaConsumer<byte[], byte[]> reader, String target, int partitions)
            throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            if (existing.contains(target)) {
                List<TopicPartition> tps = partitions(reader, target, "");
                long records = reader.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
                if (records > 0) {
                    throw new UsageException(target + " already holds records: a replay writes a new version (name another)");
                }
                return;
            }
            List<NewTopic> made = new ArrayList<>();
            for (NewTopic t : TopicConventions.defaults().withDeadLetter(target)) {
                made.add(t.name().equals(target) ? new NewTopic(t.name(), partitions, (short) 1).configs(t.configs()) : t);
            }
            admin.createTopics(made).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new UsageException("cannot make topic " + target + ": " + e.getMessage());
        }
    }

    /** Reads every partition's records in order once, learning where each ledger starts. */
    private static LedgerOffsetIndex learn(KafkaConsumer<byte[], byte[]> reader, List<TopicPartition> parts) {
        LedgerOffsetIndex index = new LedgerOffsetIndex();
        reader.assign(parts);
        reader.seekToBeginning(parts);
        Map<TopicPartition, Long> ends = reader.endOffsets(parts);
        parts.forEach(tp -> index.ends(tp.partition(), ends.get(tp)));
        while (parts.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp))) {
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                OptionalLong last = RecordHeaders.number(r.headers(), RecordHeaders.LEDGER_LAST);
                if (last.isPresent()) {
                    index.covered(r.partition(), r.offset(), last.getAsLong());
                }
            }
        }
        return index;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> reader, String topic, String bootstrap) {
        List<PartitionInfo> info = reader.partitionsFor(topic, Duration.ofSeconds(15));
        if (info == null || info.isEmpty()) {
            throw new UsageException("no topic " + topic + (bootstrap.isEmpty() ? "" : " on " + bootstrap));
        }
        return info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static Map<Integer, Long> offsetsByPartition(Map<TopicPartition, Long> starts) {
        Map<Integer, Long> out = new HashMap<>();
        starts.forEach((tp, off) -> out.put(tp.partition(), off));
        return out;
    }

    private static long number(String name, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " expects a ledger number, got '" + v + "'");
        }
    }
}
