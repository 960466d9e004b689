package io.quiver.ttp.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.PoisonRecordException;
import io.quiver.kafka.DeadLetterPublisher;
import io.quiver.kafka.GroupPipeline;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.RecordContract;
import io.quiver.schema.StellarLedgerSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.WakeupException;
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
public final class TtpPipeline implements GroupPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(TtpPipeline.class);

    /**
     * {@code instanceId} must be unique per running instance: it names the transactional producer.
     * {@code sessionTimeout}: how long the group waits for a silent (crashed) instance.
     */
    public record Settings(String inputTopic, String groupId, String instanceId, KafkaClients kafka, int maxPollRecords,
                           Duration sessionTimeout) {

        /** With Kafka's default session timeout (45 s). */
        public Settings(String inputTopic, String groupId, String instanceId, KafkaClients kafka, int maxPollRecords) {
            this(inputTopic, groupId, instanceId, kafka, maxPollRecords, Duration.ofSeconds(45));
        }
    }

    /** Told after every committed transaction. */
    public interface Listener {
        void committed(int ledgerRecords, long ledgers, List<LedgerEvents.Extracted> extracted, int deadLetters, long outputBytes);

        /** The producer is connected and the group gave this instance {@code partitions} (possibly none). */
        default void assigned(Collection<TopicPartition> partitions) {
        }
    }

    private final Settings settings;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final LedgerEvents events;
    private final EventRecords records;
    private final Listener listener;
    private volatile boolean running = true;
    private volatile long lag = -1;
    private volatile int partitions;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** Input records whose output the broker refused, by {@link #where}: dead-lettered on the next pass. */
    private final Map<String, String> refused = new HashMap<>();
    /** Input records whose dead letter the broker refused (too large for the .dlq): sent as an excerpt next pass. */
    private final Set<String> excerpted = new java.util.HashSet<>();
    private int abortsInARow;
    /**
     * Encodes and sends each record's ledger-table batches (rows to Arrow, IPC, zstd: most of what the
     * tables cost) while this thread goes on with the next record's ledgers and events; null without
     * tables. One thread, so a topic's batches keep their order. Its sends join the poll's
     * transaction, which is committed or aborted only once it has finished them.
     */
    private ExecutorService tableEncoder;

    public TtpPipeline(Settings settings, ArrowKafkaCodec codec, BufferAllocator allocator, LedgerEvents events,
                       EventRecords records, Listener listener) {
        this.settings = settings;
        this.codec = codec;
        this.allocator = allocator;
        this.events = events;
        this.records = records;
        this.listener = listener;
    }

    /**
     * Ledger records behind the end of this instance's partitions after its last poll; -1 while it
     * holds no partition or does not know yet how far behind one is (a replacement waiting for
     * the group to hand it partitions is not caught up).
     */
    @Override
    public long lag() {
        return lag;
    }

    /** Partitions of the input topic this instance holds now. */
    @Override
    public int partitions() {
        return partitions;
    }

    /** Asks the loop to finish its current transaction and return. */
    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        int session = (int) settings.sessionTimeout().toMillis();
        try (KafkaConsumer<byte[], byte[]> c = settings.kafka().transactionalConsumer(settings.groupId(), codec.maxRecordBytes(),
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords(),
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session,
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, session / 3));
             KafkaProducer<byte[], byte[]> producer = settings.kafka().transactionalProducer("quiver-ttp-" + settings.instanceId(),
                     codec.maxRecordBytes())) {
            consumer = c;
            producer.initTransactions();
            c.subscribe(List.of(settings.inputTopic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    // nothing buffered between polls: every poll ends in a commit or an abort
                    partitions = 0;
                    lag = -1;
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    LOG.info("{} assigned {}", settings.instanceId(), assigned);
                    partitions = c.assignment().size();
                    listener.assigned(c.assignment());
                }
            });
            partitions = 0;
            lag = -1;
            if (records.hasTables()) {
                tableEncoder = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "ttp-tables-" + settings.instanceId());
                    t.setDaemon(true);
                    return t;
                });
            }
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
                lag = GroupPipeline.lagOf(c);
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            if (tableEncoder != null) {
                tableEncoder.shutdownNow();
                tableEncoder = null;
            }
        }
    }

    /** One output record and the input record it comes from. */
    private record Outgoing(ProducerRecord<byte[], byte[]> record, ConsumerRecord<byte[], byte[]> input, boolean deadLetter) {
    }

    /**
     * One poll in one transaction. Each input record's output is sent as soon as it is encoded, so
     * that the producer's sender thread and the broker write it while the next record is extracted
     * (the commit then has little left to wait for); nothing is visible before the commit.
     */
    private void process(KafkaConsumer<byte[], byte[]> c, KafkaProducer<byte[], byte[]> producer,
                         ConsumerRecords<byte[], byte[]> polled) {
        List<LedgerEvents.Extracted> done = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        int dead = 0;
        long ledgers = 0;
        Transaction tx = new Transaction();
        List<PendingTables> tables = new ArrayList<>();
        try {
            producer.beginTransaction();
            for (ConsumerRecord<byte[], byte[]> r : polled) {
                List<Outgoing> out = new ArrayList<>();
                String refusal = refused.get(where(r));
                if (refusal != null) {
                    out.add(deadLetter(r, refusal));
                    dead++;
                } else if (RecordContract.violation(r) != null) {
                    out.add(deadLetter(r, RecordContract.violation(r)));
                    dead++;
                } else {
                    try (DecodedBatch batch = codec.decode(r.value(), r.headers(), StellarLedgerSchema.SCHEMA, allocator)) {
                        String headers = RecordContract.headerViolation(r);
                        if (headers != null) {
                            throw new PoisonRecordException(headers);
                        }
                        LedgerEvents.Extracted x = events.extract(batch);
                        for (ProducerRecord<byte[], byte[]> o : (tableEncoder == null ? records.of(x) : records.eventsOf(x))) {
                            out.add(new Outgoing(o, r, false));
                        }
                        if (tableEncoder != null) {
                            tables.add(new PendingTables(r, tableEncoder.submit(() -> {
                                for (ProducerRecord<byte[], byte[]> o : records.tablesOf(x)) {
                                    send(producer, new Outgoing(o, r, false), tx);
                                }
                                return null;
                            })));
                        }
                        done.add(x);
                        ledgers += x.ledgers();
                    } catch (PoisonRecordException | RuntimeException e) {
                        out.add(deadLetter(r, oneLine(e)));
                        dead++;
                    }
                }
                offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                for (Outgoing o : out) {
                    send(producer, o, tx);
                }
            }
            awaitTables(tables, tx);
            producer.sendOffsetsToTransaction(offsets, c.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            // another instance took this transactional id: this one must stop
            running = false;
            drain(tables);
            throw e;
        } catch (KafkaException e) {
            // nothing may be sent into this transaction once it is aborted, nor into the next one
            drain(tables);
            try {
                producer.abortTransaction();
            } catch (KafkaException | IllegalStateException cannotAbort) {
                // after a timed-out commit the producer cannot abort: a new run starts from the committed offsets
                throw new KafkaException("transaction failed and could not be aborted: " + oneLine(e), e);
            }
            // every partition of the poll, including those of records not reached when a send failed
            rewind(c, polled.partitions());
            boolean refusals;
            synchronized (tx) {
                refused.putAll(tx.refused);
                excerpted.addAll(tx.excerpt);
                refusals = !tx.refused.isEmpty() || !tx.excerpt.isEmpty();
            }
            if (tx.lost.get() != null) {
                LOG.warn("{}; sending it as an excerpt with a pointer to the record", tx.lost.get());
            }
            abortsInARow++;
            LOG.warn("transaction aborted ({} in a row), rewinding to the committed offsets: {}", abortsInARow, oneLine(e));
            if (!refusals) {
                pause(abortsInARow);
            }
            return;
        } catch (RuntimeException | Error e) {
            drain(tables);
            throw e;
        }
        abortsInARow = 0;
        polled.forEach(r -> {
            refused.remove(where(r));
            excerpted.remove(where(r));
        });
        listener.committed(polled.count(), ledgers, done, dead, tx.bytes.get());
    }

    /** What the sends of one transaction learn, from this thread, the table encoder and the producer's callbacks. */
    private static final class Transaction {
        final Map<String, String> refused = new HashMap<>();
        final Set<String> excerpt = new java.util.HashSet<>();
        final AtomicReference<String> lost = new AtomicReference<>();
        final AtomicReference<Exception> firstRefusal = new AtomicReference<>();
        final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
    }

    /** The table batches of one input record, being encoded and sent. */
    private record PendingTables(ConsumerRecord<byte[], byte[]> input, Future<Void> sent) {
    }

    private void send(KafkaProducer<byte[], byte[]> producer, Outgoing o, Transaction tx) {
        tx.bytes.addAndGet(o.record().value() == null ? 0 : o.record().value().length);
        producer.send(o.record(), (meta, e) -> {
            // only the first refusal names its record: once a batch fails, the producer fails the
            // transaction's other pending batches with the same error, which is not theirs
            if (refusal(e) && tx.firstRefusal.compareAndSet(null, e)) {
                if (o.deadLetter()) {
                    // the dead letter itself does not fit: next pass it goes as an excerpt with a pointer
                    tx.lost.set(o.record().topic() + " refused the dead letter of " + where(o.input()) + ": " + oneLine(e));
                    synchronized (tx) {
                        tx.excerpt.add(where(o.input()));
                    }
                    return;
                }
                synchronized (tx) {
                    tx.refused.put(where(o.input()), "output refused by the broker (" + o.record().topic() + "): " + oneLine(e));
                }
            }
        });
    }

    /**
     * Waits until the table encoder has sent every record's tables. A record whose tables could not
     * be encoded fails the transaction and goes to the dead-letter topic on the next pass, like one
     * whose output the broker refuses (its events may already have been sent in this transaction).
     */
    private void awaitTables(List<PendingTables> tables, Transaction tx) {
        KafkaException failed = null;
        for (PendingTables p : tables) {
            try {
                p.sent().get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof KafkaException k) {
                    // a send failed (the broker, not the record): abort and retry after a pause, as on this thread
                    failed = failed == null ? k : failed;
                    continue;
                }
                synchronized (tx) {
                    tx.refused.put(where(p.input()), "the ledger tables could not be encoded: " + oneLine(cause));
                }
                if (failed == null) {
                    failed = new KafkaException(where(p.input()) + ": the ledger tables could not be encoded: " + oneLine(cause));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                failed = failed == null ? new KafkaException("interrupted while the ledger tables were sent") : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Waits for the table encoder's work of this poll, whatever its outcome (before an abort). */
    private static void drain(List<PendingTables> tables) {
        for (PendingTables p : tables) {
            try {
                p.sent().get();
            } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
                // the transaction is being aborted anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The dead letter of {@code r}: whole when it fits the codec's record limit (or the .dlq took it before), else an excerpt. */
    private Outgoing deadLetter(ConsumerRecord<byte[], byte[]> r, String why) {
        String reason = where(r) + ": " + why;
        LOG.warn("poison ledger record -> {}: {}", io.quiver.kafka.Topics.deadLetterOf(r.topic()), reason);
        int limit = excerpted.contains(where(r)) ? 0 : codec.maxRecordBytes();
        return new Outgoing(DeadLetterPublisher.deadLetter(r, reason, limit), r, true);
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
