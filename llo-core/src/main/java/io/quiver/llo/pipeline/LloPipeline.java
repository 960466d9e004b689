package io.quiver.llo.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.PoisonRecordException;
import io.quiver.kafka.DeadLetterPublisher;
import io.quiver.kafka.GroupPipeline;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.RecordContract;
import io.quiver.kafka.Topics;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observations to round outputs, exactly once, in the shape of ttp's pipeline: a consumer in group
 * {@code groupId} reads committed observation records; rounds are held (as Arrow) until every node
 * reported or the timeout passed; the outputs of the rounds closed in a loop turn, their dead
 * letters and the input offsets are committed in one Kafka transaction (read-process-write).
 *
 * <p>Rounds outlive polls, so each partition's offset is committed up to the first record an open
 * round still holds (and no further): a restarted instance reads again exactly the observations of
 * the rounds that were not finished, and under steady traffic the offsets keep advancing as rounds
 * close. Rounds closed meanwhile whose records lie past that offset are named in the offset's
 * metadata ({@link ClosedRounds}), so their records are skipped after a restart, as are a late
 * node's observations of a closed round: each round is published once. Sends are not waited for one
 * by one; the commit waits for all. A failed transaction ends the run (the caller starts a new one
 * from the committed offsets), except that a dead letter the {@code .dlq} refuses as too large is
 * sent again as an excerpt.
 *
 * <p>What is not restored after a restart: the previous round's values a timestamped stream carries
 * forward, and the reporters' "valid after" times, which start again from the first round seen.
 */
public final class LloPipeline implements GroupPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(LloPipeline.class);

    /** {@code instanceId} must be unique per running instance: it names the transactional producer. */
    public record Settings(String inputTopic, String groupId, String instanceId, KafkaClients kafka, int nodes, Duration roundTimeout,
                           Duration sessionTimeout) {
    }

    /** Told after every committed transaction, and when partitions are assigned. */
    public interface Listener {
        void committed(int published, int failed, int deadLetters, int openRounds);

        default void assigned(Collection<TopicPartition> partitions) {
        }
    }

    private final Settings settings;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final RoundRecords.Settings output;
    private final Listener listener;
    /** Inputs whose dead letter the .dlq refused: sent as an excerpt from now on. */
    private final Set<String> excerpted = new HashSet<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile int partitions;
    private volatile long lag = -1;

    public LloPipeline(Settings settings, ArrowKafkaCodec codec, BufferAllocator allocator, RoundRecords.Settings output,
                       Listener listener) {
        this.settings = settings;
        this.codec = codec;
        this.allocator = allocator;
        this.output = output;
        this.listener = listener;
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Input partitions held now. */
    @Override
    public int partitions() {
        return partitions;
    }

    /** Observation records behind the end of this instance's partitions; -1 while unknown. */
    @Override
    public long lag() {
        return lag;
    }

    /** One run from the committed offsets; returns when stopped, throws when a transaction fails. */
    @Override
    public void run() {
        int session = (int) settings.sessionTimeout().toMillis();
        ClosedRounds closed = new ClosedRounds();
        ObservationRecords observations = new ObservationRecords(codec, allocator);
        RoundRecords rounds = new RoundRecords(output, codec, allocator);
        try (RoundCollector collector = new RoundCollector(settings.nodes(), settings.roundTimeout().toNanos());
             KafkaConsumer<byte[], byte[]> c = settings.kafka().transactionalConsumer(settings.groupId(), codec.maxRecordBytes(),
                     Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, session / 3,
                             ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500));
             KafkaProducer<byte[], byte[]> producer = settings.kafka().transactionalProducer("quiver-llo-" + settings.instanceId(),
                     codec.maxRecordBytes())) {
            consumer = c;
            producer.initTransactions();
            Map<TopicPartition, Long> next = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> lastCommitted = new HashMap<>();
            c.subscribe(List.of(settings.inputTopic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    // rounds of revoked partitions are the new owner's: it re-reads them from the committed offsets
                    if (running && !revoked.isEmpty() && !collector.isEmpty()) {
                        // the consumer hands this to poll() wrapped in a KafkaException: the run ends and starts again
                        throw new IllegalStateException("partitions revoked while " + collector.openRounds()
                                + " rounds were open: starting again from the committed offsets");
                    }
                    revoked.forEach(tp -> {
                        next.remove(tp);
                        lastCommitted.remove(tp);
                    });
                    partitions = c.assignment().size() - revoked.size();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new HashSet<>(assigned));
                    committed.forEach((tp, o) -> {
                        if (o != null) {
                            closed.restore(tp.partition(), o.offset(), o.metadata());
                        }
                    });
                    partitions = c.assignment().size();
                    LOG.info("{} assigned {} ({} closed rounds to skip)", settings.instanceId(), assigned, closed.size());
                    listener.assigned(c.assignment());
                }
            });
            while (running) {
                List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
                int published = 0;
                int failed = 0;
                int dead = 0;
                try {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        next.put(tp, r.offset() + 1);
                        RoundCollector.RoundKey key = ObservationRecords.roundOrNull(r);
                        if (key != null && closed.contains(key)) {
                            closed.skipped(key, r.partition(), r.offset()); // read again after a restart, or a late node
                            continue;
                        }
                        String broken = RecordContract.violation(r);
                        if (broken != null) {
                            out.add(deadLetter(r, broken));
                            dead++;
                            continue;
                        }
                        List<ObservationRecords.Observed> got;
                        try {
                            got = observations.read(r);
                        } catch (PoisonRecordException | RuntimeException e) {
                            out.add(deadLetter(r, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                            dead++;
                            continue;
                        }
                        for (ObservationRecords.Observed o : got) {
                            RoundCollector.ReadyRound ready = collector.add(o.key(), o.observer(), o.record(), r.partition(), r.offset(),
                                    System.nanoTime());
                            if (ready != null) {
                                if (finish(ready, rounds, closed, out)) {
                                    published++;
                                } else {
                                    failed++;
                                }
                            }
                        }
                    }
                } catch (WakeupException e) {
                    break;
                }
                for (RoundCollector.ReadyRound expired : collector.expired(System.nanoTime())) {
                    if (finish(expired, rounds, closed, out)) {
                        published++;
                    } else {
                        failed++;
                    }
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = offsets(next, collector, closed);
                offsets.entrySet().removeIf(e -> e.getValue().equals(lastCommitted.get(e.getKey())));
                if (!out.isEmpty() || !offsets.isEmpty()) {
                    commit(c, producer, out, offsets);
                    lastCommitted.putAll(offsets);
                    listener.committed(published, failed, dead, collector.openRounds());
                }
                lag = GroupPipeline.lagOf(c);
            }
        } catch (WakeupException e) {
            // stopping
        }
    }

    private boolean finish(RoundCollector.ReadyRound ready, RoundRecords rounds, ClosedRounds closed,
                           List<ProducerRecord<byte[], byte[]>> out) {
        RoundRecords.Output o = rounds.of(ready);
        out.addAll(o.records());
        closed.closed(ready.key(), ready.lastOffsets());
        return o.published();
    }

    /**
     * Per partition read so far: the next offset, held back to the first record of an open round,
     * with the closed rounds past it as metadata; partitions whose metadata would not fit stay
     * where they are.
     */
    private Map<TopicPartition, OffsetAndMetadata> offsets(Map<TopicPartition, Long> next, RoundCollector collector,
                                                           ClosedRounds closed) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
            int p = e.getKey().partition();
            OptionalLong held = collector.firstHeld(p);
            long offset = held.isPresent() ? Math.min(held.getAsLong(), e.getValue()) : e.getValue();
            closed.metadata(p, offset).ifPresentOrElse(m -> offsets.put(e.getKey(), new OffsetAndMetadata(offset, m)),
                    () -> LOG.warn("partition {}: too many closed rounds past offset {} for the offset metadata; not committing it yet",
                            p, offset));
        }
        return offsets;
    }

    private void commit(KafkaConsumer<byte[], byte[]> c, KafkaProducer<byte[], byte[]> producer,
                        List<ProducerRecord<byte[], byte[]>> out, Map<TopicPartition, OffsetAndMetadata> offsets) {
        // the first refused record only: once a batch fails, the producer fails the transaction's other
        // pending batches with the same error, which is not theirs
        AtomicReference<ProducerRecord<byte[], byte[]>> firstRefused = new AtomicReference<>();
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : out) {
                producer.send(r, (meta, e) -> {
                    if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException) {
                        firstRefused.compareAndSet(null, r);
                    }
                });
            }
            producer.sendOffsetsToTransaction(offsets, c.groupMetadata());
            producer.commitTransaction();
        } catch (KafkaException | IllegalStateException e) {
            ProducerRecord<byte[], byte[]> refused = firstRefused.get();
            if (refused != null && refused.topic().endsWith(Topics.DLQ_SUFFIX)) {
                synchronized (excerpted) {
                    excerpted.add(source(refused));
                }
            }
            try {
                producer.abortTransaction();
            } catch (KafkaException | IllegalStateException cannotAbort) {
                // a timed-out commit cannot be aborted; the new run's producer fences this one
            }
            throw new KafkaException("round transaction failed (" + out.size() + " records): " + e.getMessage(), e);
        }
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, String why) {
        String where = r.topic() + "-" + r.partition() + "@" + r.offset();
        LOG.warn("poison observation record {} -> {}: {}", where, Topics.deadLetterOf(r.topic()), why);
        boolean excerpt;
        synchronized (excerpted) {
            excerpt = excerpted.contains(where);
        }
        return DeadLetterPublisher.deadLetter(r, where + ": " + why, excerpt ? 0 : codec.maxRecordBytes());
    }

    private static String source(ProducerRecord<byte[], byte[]> deadLetter) {
        return text(deadLetter, DeadLetterPublisher.SOURCE_TOPIC) + "-" + text(deadLetter, DeadLetterPublisher.SOURCE_PARTITION) + "@"
                + text(deadLetter, DeadLetterPublisher.SOURCE_OFFSET);
    }

    private static String text(ProducerRecord<byte[], byte[]> r, String header) {
        var h = r.headers().lastHeader(header);
        return h == null ? "" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

}
