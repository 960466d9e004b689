package io.quiver.ingest;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.ingest.publish.CheckpointStore;
import io.quiver.ingest.publish.LedgerPublisher;
import io.quiver.ingest.source.LedgerRange;
import io.quiver.ingest.source.LedgerSource;
import io.quiver.ingest.source.LedgerStream;
import io.quiver.kafka.KafkaClients;
import io.quiver.stellar.NetworkIds;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.producer.Producer;

/**
 * One ingest run: read the instance's checkpoint, open the source from there, publish until the
 * range ends (or for ever when following the tip). A restart of the same instance id resumes
 * after the last committed batch; its transactional id fences any older copy still running.
 */
public final class IngestJob {

    /**
     * {@code start}: where a run without checkpoint begins (else the source's default start);
     * {@code end}: last ledger, or follow the tip. {@code kafka}: the clients of the cluster.
     */
    public record Settings(String instance, OptionalLong start, OptionalLong end, String topic, long batchBytes, int maxLedgers,
                           KafkaClients kafka) {

        public Settings(String instance, LedgerRange range, String topic, long batchBytes, int maxLedgers, KafkaClients kafka) {
            this(instance, OptionalLong.of(range.start()), range.end(), topic, batchBytes, maxLedgers, kafka);
        }
    }

    /** How a run went: where it started (after the checkpoint) and the next ledger after it. */
    public record Outcome(Optional<Long> resumedFrom, long start, long next, boolean nothingToDo) {
    }

    private final Settings settings;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final LedgerPublisher.Listener listener;

    public IngestJob(Settings settings, ArrowKafkaCodec codec, BufferAllocator allocator, LedgerPublisher.Listener listener) {
        this.settings = settings;
        this.codec = codec;
        this.allocator = allocator;
        this.listener = listener;
    }

    public Outcome run(LedgerSource source) throws IOException, InterruptedException {
        CheckpointStore checkpoints = new CheckpointStore(io.quiver.kafka.Topics.INGEST_CHECKPOINTS, settings.kafka());
        checkpoints.ensureTopic((short) 1);
        CheckpointStore.Checkpoint cp = checkpoints.read(settings.instance());
        Optional<Long> resumed = cp == null ? Optional.empty() : Optional.of(cp.nextLedger());
        long start = cp != null ? Math.max(cp.nextLedger(), settings.start().orElse(0))
                : settings.start().isPresent() ? settings.start().getAsLong()
                : source.defaultStart().orElseThrow(() -> new IllegalArgumentException("ingest instance " + settings.instance()
                        + " has no checkpoint yet and no start ledger was given (quiver.ingest.start-ledger)"));
        if (settings.end().isPresent() && start > settings.end().getAsLong()) {
            return new Outcome(resumed, start, start, true);
        }
        Optional<LedgerRange> range = Optional.of(new LedgerRange(start, settings.end()));
        byte[] networkId = NetworkIds.networkId(source.networkPassphrase());
        // ledger batches are large: 1 MiB producer batches (under the topic's 8 MiB limit, which applies per batch)
        try (Producer<byte[], byte[]> producer = settings.kafka().transactionalProducer(transactionalId(settings.instance()),
                codec.maxRecordBytes(), java.util.Map.of(org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20))) {
            producer.initTransactions();
            listener.connected();
            LedgerPublisher publisher = new LedgerPublisher(producer, codec, allocator, checkpoints,
                    new LedgerPublisher.Settings(settings.topic(), settings.instance(), settings.batchBytes(),
                            settings.maxLedgers()), listener);
            try (LedgerStream stream = source.open(range.get())) {
                long next = publisher.run(stream, networkId, source.kind());
                return new Outcome(resumed, range.get().start(), next < 0 ? range.get().start() : next, false);
            }
        }
    }

    /** The transactional id of ingest {@code instance}: a restarted copy fences the older one. */
    public static String transactionalId(String instance) {
        return "quiver-ingest-" + instance;
    }
}
