package io.quiver.ttp.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.PoisonRecordException;
import io.quiver.kafka.DeadLetterPublisher;
import io.quiver.schema.StellarLedgerSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledgers topic to event topics, exactly once: a consumer in group {@code groupId} (several
 * instances share the partitions) reads committed {@code StellarLedger} records; each poll's
 * output records, dead letters and input offsets are committed in one Kafka transaction
 * (read-process-write with the group's metadata, KIP-447). After a crash the group's committed
 * offsets and the output agree, so a consumer reading {@code read_committed} sees every event once.
 * A record that is not a valid {@code StellarLedger} batch, or whose ledgers cannot be extracted,
 * goes to the ledgers topic's {@code .dlq} with the reason, in the same transaction; the pipeline
 * goes on. So does a record whose output the broker refuses for good (a batch over the output
 * topic's {@code max.message.bytes}): the transaction is aborted, and on the second pass that ledger
 * record goes to the {@code .dlq} with the broker's reason instead of its events. Other send
 * errors (broker away, timeouts) abort and retry the same records after a pause.
 */
public final class TtpPipeline implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TtpPipeline.class);

    /** {@code instanceId} must be unique per running instance: it names the transactional producer. */
    public record Settings(String inputTopic, String groupId, String instanceId, Map<String, Object> kafka, int maxPollRecords) {
    }

    /** Told after every committed transaction. */
    public interface Listener {
        void committed(int ledgerRecords, long ledgers, List<LedgerEvents.Extracted> extracted, int deadLetters, long outputBytes);
    }

    private final Settings settings;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final LedgerEvents events;
    private final EventRecords records;
    private final Listener listener;
    private volatile boolean running = true;
    private volatile long lag = -1;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** Input records whose output the broker refused, by {@link #where}: dead-lettered on the next pass. */
    private final Map<String, String> refused = new HashMap<>();
    private int abortsInARow;

    public TtpPipeline(Settings settings, ArrowKafkaCodec codec, BufferAllocator allocator, LedgerEvents events,
                       EventRecords records, Listener listener) {
        this.settings = settings;
        this.codec = codec;
        this.allocator = allocator;
        this.events = events;
        this.records = records;
        this.listener = listener;
    }

    /** Ledger records behind the end of this instance's partitions after its last poll; -1 before the first. */
    public long lag() {
        return lag;
    }

    /** Asks the loop to finish its current transaction and return. */
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        Map<String, Object> cp = new HashMap<>(settings.kafka());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        cp.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, codec.maxRecordBytes() + (1 << 20));
        Map<String, Object> pp = new HashMap<>(settings.kafka());
        pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "quiver-ttp-" + settings.instanceId());
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, codec.maxRecordBytes() + (1 << 20));
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer = c;
            producer.initTransactions();
            c.subscribe(List.of(settings.inputTopic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // nothing buffered between polls: every poll ends in a commit or an abort
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.info("{} assigned {}", settings.instanceId(), partitions);
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = c.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    break;
                }
                if (!polled.isEmpty()) {
                    process(c, producer, polled);
                }
                lag = currentLag(c);
            }
        } catch (WakeupException e) {
            // stopping
        }
    }

    /** One output record and the input record it comes from. */
    private record Outgoing(ProducerRecord<byte[], byte[]> record, ConsumerRecord<byte[], byte[]> input, boolean deadLetter) {
    }

    private void process(KafkaConsumer<byte[], byte[]> c, KafkaProducer<byte[], byte[]> producer,
                         ConsumerRecords<byte[], byte[]> polled) {
        List<LedgerEvents.Extracted> done = new ArrayList<>();
        List<Outgoing> out = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        int dead = 0;
        long ledgers = 0;
        for (ConsumerRecord<byte[], byte[]> r : polled) {
            String refusal = refused.get(where(r));
            if (refusal != null) {
                out.add(deadLetter(r, refusal));
                dead++;
            } else {
                try (DecodedBatch batch = codec.decode(r.value(), r.headers(), StellarLedgerSchema.SCHEMA, allocator)) {
                    LedgerEvents.Extracted x = events.extract(batch);
                    for (ProducerRecord<byte[], byte[]> o : records.of(x)) {
                        out.add(new Outgoing(o, r, false));
                    }
                    done.add(x);
                    ledgers += x.ledgers();
                } catch (PoisonRecordException | RuntimeException e) {
                    out.add(deadLetter(r, oneLine(e)));
                    dead++;
                }
            }
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        Map<String, String> refusedNow = new HashMap<>();
        AtomicReference<String> lost = new AtomicReference<>();
        long bytes = 0;
        try {
            producer.beginTransaction();
            for (Outgoing o : out) {
                bytes += o.record().value().length;
                producer.send(o.record(), (meta, e) -> {
                    if (refusal(e)) {
                        if (o.deadLetter()) {
                            // the dead letter itself does not fit: nowhere left to put this record without losing it
                            lost.set(o.record().topic() + " refused the dead letter of " + where(o.input()) + ": " + oneLine(e));
                        }
                        synchronized (refusedNow) {
                            refusedNow.put(where(o.input()), "output refused by the broker (" + o.record().topic() + "): " + oneLine(e));
                        }
                    }
                });
            }
            producer.sendOffsetsToTransaction(offsets, c.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            // another instance took this transactional id: this one must stop
            running = false;
            throw e;
        } catch (KafkaException e) {
            producer.abortTransaction();
            rewind(c, offsets.keySet());
            if (lost.get() != null) {
                running = false;
                throw new IllegalStateException(lost.get() + "; stopping rather than lose it");
            }
            synchronized (refusedNow) {
                refused.putAll(refusedNow);
            }
            abortsInARow++;
            LOG.warn("transaction aborted ({} in a row), rewinding to the committed offsets: {}", abortsInARow, oneLine(e));
            if (refusedNow.isEmpty()) {
                pause(abortsInARow);
            }
            return;
        }
        abortsInARow = 0;
        polled.forEach(r -> refused.remove(where(r)));
        listener.committed(polled.count(), ledgers, done, dead, bytes);
    }

    private static Outgoing deadLetter(ConsumerRecord<byte[], byte[]> r, String why) {
        String reason = where(r) + ": " + why;
        LOG.warn("poison ledger record -> {}: {}", io.quiver.kafka.Topics.deadLetterOf(r.topic()), reason);
        return new Outgoing(DeadLetterPublisher.deadLetter(r, reason), r, true);
    }

    private static String where(ConsumerRecord<byte[], byte[]> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }

    /** Errors that sending the same record again cannot cure: the record, not the broker, is the problem. */
    private static boolean refusal(Exception e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException || e instanceof InvalidRecordException;
    }

    /** After a failed transaction for another cause (broker away, timeout): wait longer each time, at most 10 s. */
    private void pause(int aborts) {
        try {
            Thread.sleep(Math.min(10_000L, 100L << Math.min(aborts, 7)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static long currentLag(KafkaConsumer<byte[], byte[]> c) {
        long total = 0;
        for (TopicPartition tp : c.assignment()) {
            total += c.currentLag(tp).orElse(0);
        }
        return total;
    }

    private static void rewind(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = c.committed(partitions);
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = committed.get(tp);
            if (o != null) {
                c.seek(tp, o.offset());
            } else {
                c.seekToBeginning(List.of(tp));
            }
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }
}
