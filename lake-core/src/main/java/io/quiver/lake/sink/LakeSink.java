package io.quiver.lake.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.kafka.DeadLetterPublisher;
import io.quiver.kafka.GroupPipeline;
import io.quiver.kafka.KafkaClients;
import io.quiver.lake.manifest.CommitConflictException;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.manifest.ManifestEntry;
import io.quiver.lake.manifest.OffsetRange;
import io.quiver.lake.store.LakeStore;
import io.quiver.lake.table.RowRouter;
import io.quiver.lake.table.TableLayout;
import io.quiver.lake.table.TableSpec;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quiver topics to the lake, exactly once.
 *
 * <p>A consumer in the sink's group reads the configured topics (read_committed). Each record's
 * Arrow batches are split by hive partition and appended, column by column, to the open file of
 * that partition for the record's source partition. A source partition's open files close together
 * (at a file's row or byte limit, at the age limit on the wall clock even with no input, or when too
 * many files are open) and are committed in one manifest entry with the offsets they cover. On
 * assignment a partition is read from the offset the manifest says, not from the group's offset
 * (which is only committed afterwards, for lag monitoring). Everything not yet committed is dropped
 * on any failure and read again, so a crash or a rebalance never loses or repeats a row; files are
 * named after their offset range, so a replay writes the same names with the same bytes.
 *
 * <p>Poison records (null value or key, no Quiver headers, not Arrow, a batch the table cannot take)
 * go to the topic's {@code .dlq} with the reason, flushed before the commit that covers them; after a
 * crash between the two a dead letter can be sent twice (at least once), never lost.
 */
public final class LakeSink implements GroupPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(LakeSink.class);

    private final LakeSinkOptions options;
    private final KafkaClients kafka;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final LakeStore store;
    private final SinkMetrics metrics;
    private final Runnable progressed;
    /** Per topic, its table's reading of records. */
    private final Map<String, TableRecords> records = new HashMap<>();
    private final Map<TopicPartition, OpenRange> open = new HashMap<>();
    /**
     * Where the next range of a partition starts: the log's next offset, not the first record's
     * offset, which on a transactional topic lies past a commit marker (a range that skipped the
     * marker would not continue the log's last one).
     */
    private final Map<TopicPartition, Long> resume = new HashMap<>();
    /** Partitions re-positioned after a lost commit: the rest of the current poll's records of them are stale. */
    private final Set<TopicPartition> repositioned = new java.util.HashSet<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile int partitions;
    private volatile long lag = -1;
    private volatile int peakOpenFiles;
    private volatile long peakBufferedBytes;

    public LakeSink(LakeSinkOptions options, KafkaClients kafka, ArrowKafkaCodec codec, BufferAllocator allocator,
                    LakeStore store, MeterRegistry registry, Runnable progressed) {
        this.progressed = progressed;
        this.options = options;
        this.kafka = kafka;
        this.codec = codec;
        this.allocator = allocator;
        this.store = store;
        this.metrics = new SinkMetrics(registry, options);
        for (TableSpec t : options.tables()) {
            records.put(t.topic(), new TableRecords(t, codec, allocator));
        }
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public int partitions() {
        return partitions;
    }

    @Override
    public long lag() {
        return lag;
    }

    /** Most files open at once after any record (the caps are applied after each). */
    public int peakOpenFiles() {
        return peakOpenFiles;
    }

    /** Most bytes buffered by open files at once after any record. */
    public long peakBufferedBytes() {
        return peakBufferedBytes;
    }

    /** One run from the manifest's offsets; returns when stopped, throws on a failure (nothing partial is committed). */
    @Override
    public void run() {
        Manifest manifest = new Manifest(store, options.instanceId());
        Set<String> tables = options.tables().stream().map(TableSpec::name).collect(Collectors.toSet());
        try (KafkaConsumer<byte[], byte[]> c = kafka.transactionalConsumer(options.groupId(), codec.maxRecordBytes(),
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200));
             KafkaProducer<byte[], byte[]> dlq = kafka.idempotentProducer(codec.maxRecordBytes())) {
            int cleaned = manifest.recover(options.orphanAge().toMillis(), tables) + cleanSpool();
            if (cleaned > 0) {
                LOG.info("lake {}: {} files moved into place or removed as orphans", store.location(), cleaned);
            }
            consumer = c;
            List<Future<RecordMetadata>> deadLetters = new ArrayList<>();
            c.subscribe(options.tables().stream().map(TableSpec::topic).toList(), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    // what is open is the next owner's to write again from the manifest's offsets
                    revoked.forEach(tp -> {
                        drop(tp);
                        resume.remove(tp);
                    });
                    partitions = Math.max(0, c.assignment().size() - revoked.size());
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> lost) {
                    onPartitionsRevoked(lost);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    LakeSnapshot s;
                    try {
                        s = manifest.refresh();
                    } catch (IOException e) {
                        throw new LakeUnavailableException("lake " + store.location() + " cannot be read: " + e.getMessage(), e);
                    }
                    for (TopicPartition tp : assigned) {
                        OptionalLong next = s.nextOffset(tp.topic(), tp.partition());
                        if (next.isPresent()) {
                            c.seek(tp, next.getAsLong());
                            resume.put(tp, next.getAsLong());
                        } else {
                            c.seekToBeginning(List.of(tp));
                            resume.remove(tp);
                        }
                    }
                    partitions = c.assignment().size();
                    LOG.info("{} assigned {} (lake version {})", options.instanceId(), assigned, s.version());
                }
            });
            while (running) {
                repositioned.clear();
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    handle(r, dlq, deadLetters, manifest, c);
                }
                commitDue(manifest, c, dlq, deadLetters);
                lag = GroupPipeline.lagOf(c);
                progressed.run();
                metrics.state(open.values());
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (IOException e) {
            throw new LakeUnavailableException("lake " + store.location() + ": " + e.getMessage(), e);
        } finally {
            List.copyOf(open.keySet()).forEach(this::drop);
            resume.clear();
            consumer = null;
            partitions = 0;
            lag = -1;
            metrics.state(List.of());
        }
    }

    /** Files a crashed process left half-written in the spool folder, once older than the orphan age. */
    private int cleanSpool() throws IOException {
        int n = 0;
        long cutoff = System.currentTimeMillis() - options.orphanAge().toMillis();
        try (java.util.stream.Stream<Path> files = Files.list(store.spool())) {
            for (Path p : files.toList()) {
                if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    Files.deleteIfExists(p);
                    n++;
                }
            }
        }
        return n;
    }

    private void drop(TopicPartition tp) {
        OpenRange r = open.remove(tp);
        if (r != null) {
            r.close();
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r, KafkaProducer<byte[], byte[]> dlq, List<Future<RecordMetadata>> deadLetters,
                        Manifest manifest, KafkaConsumer<byte[], byte[]> c) throws IOException {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (repositioned.contains(tp)) {
            return; // fetched before the seek: the next poll reads from the log's offset
        }
        OpenRange range = open.computeIfAbsent(tp, k -> new OpenRange(k, resume.getOrDefault(k, r.offset()), System.nanoTime()));
        TableRecords records = this.records.get(r.topic());
        try (TableRecords.Rows rows = records.read(r)) {
            if (rows.refused() != null) {
                deadLetter(r, rows.refused(), dlq, deadLetters, range);
                return;
            }
            DecodedBatch batch = rows.batch();
            if (schemaChanges(range, batch)) {
                // a new schema version starts new files: the range so far is committed first
                range.next = r.offset();
                commit(manifest, c, dlq, deadLetters, List.of(range));
                if (repositioned.contains(tp)) {
                    return;
                }
                range = open.computeIfAbsent(tp, k -> new OpenRange(k, resume.getOrDefault(k, r.offset()), System.nanoTime()));
            }
            for (int b = 0; b < batch.batches().size(); b++) {
                VectorSchemaRoot root = batch.batches().get(b);
                for (RowRouter.Group g : rows.routed().get(b)) {
                    OpenFile f = fileFor(range, records, g.path(), root);
                    try {
                        f.writer.write(root, g.rows(), g.count(), rows.constants());
                    } catch (IOException e) {
                        throw new IOException("writing " + f.spooled + " (" + r.topic() + "-" + r.partition() + "@" + r.offset() + "): "
                                + e.getMessage(), e);
                    }
                    f.time(g.minTimeMicros(), g.maxTimeMicros());
                }
            }
            range.next = r.offset() + 1;
        }
        if (full(range)) {
            commit(manifest, c, dlq, deadLetters, List.of(range));
        }
        // the caps hold after every record, not only between polls of up to 200 records
        enforceCaps(manifest, c, dlq, deadLetters);
    }

    private boolean schemaChanges(OpenRange range, DecodedBatch batch) {
        for (OpenFile f : range.files.values()) {
            for (VectorSchemaRoot root : batch.batches()) {
                if (!TableLayout.sameColumns(f.batchSchema, root.getSchema())) {
                    return true;
                }
            }
        }
        return false;
    }

    private OpenFile fileFor(OpenRange range, TableRecords records, String partition, VectorSchemaRoot root) throws IOException {
        OpenFile f = range.files.get(partition);
        if (f == null) {
            Path spooled = Files.createTempFile(store.spool(), options.instanceId() + "-", "." + options.format().extension());
            Files.delete(spooled);
            f = new OpenFile(records.table().name(), partition, root.getSchema(), records.layout(root.getSchema()), spooled,
                    options.format(), options.writer());
            range.files.put(partition, f);
        }
        return f;
    }

    private boolean full(OpenRange range) {
        for (OpenFile f : range.files.values()) {
            if (f.writer.rows() >= options.maxFileRows() || f.writer.estimatedBytes() >= options.targetFileBytes()) {
                return true;
            }
        }
        return false;
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, KafkaProducer<byte[], byte[]> dlq,
                            List<Future<RecordMetadata>> deadLetters, OpenRange range) {
        String line = r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + reason;
        LOG.warn("dead letter: {}", line);
        deadLetters.add(dlq.send(DeadLetterPublisher.deadLetter(r, reason, codec.maxRecordBytes())));
        range.next = r.offset() + 1;
        metrics.deadLetter(r.topic());
    }

    /** Commits the ranges past their age, on the wall clock, whether input arrives or not. */
    private void commitDue(Manifest manifest, KafkaConsumer<byte[], byte[]> c, KafkaProducer<byte[], byte[]> dlq,
                           List<Future<RecordMetadata>> deadLetters) throws IOException {
        long now = System.nanoTime();
        List<OpenRange> due = new ArrayList<>();
        for (OpenRange r : open.values()) {
            if (now - r.openedAtNanos >= options.maxFileAge().toNanos() && r.next > r.from) {
                due.add(r);
            }
        }
        if (!due.isEmpty()) {
            commit(manifest, c, dlq, deadLetters, due);
        }
    }

    /**
     * Bounds memory across partitions: past {@link LakeSinkOptions#maxOpenFiles()} the range holding
     * the most files is committed; past {@link LakeSinkOptions#maxBufferedBytes()} the largest
     * writer's buffers are written out (its row group ends, the file stays open), largest first,
     * until the total is under the cap again.
     */
    private void enforceCaps(Manifest manifest, KafkaConsumer<byte[], byte[]> c, KafkaProducer<byte[], byte[]> dlq,
                             List<Future<RecordMetadata>> deadLetters) throws IOException {
        int files = 0;
        for (OpenRange r : open.values()) {
            files += r.files.size();
        }
        while (files > options.maxOpenFiles()) {
            OpenRange most = open.values().stream().max((a, b) -> Integer.compare(a.files.size(), b.files.size())).orElseThrow();
            files -= most.files.size();
            commit(manifest, c, dlq, deadLetters, List.of(most));
        }
        while (true) {
            long buffered = 0;
            OpenFile largest = null;
            long largestBytes = -1;
            for (OpenRange r : open.values()) {
                for (OpenFile f : r.files.values()) {
                    long b = f.writer.bufferedBytes();
                    buffered += b;
                    if (b > largestBytes) {
                        largest = f;
                        largestBytes = b;
                    }
                }
            }
            if (buffered <= options.maxBufferedBytes() || largest == null || largestBytes == 0) {
                peakOpenFiles = Math.max(peakOpenFiles, files);
                peakBufferedBytes = Math.max(peakBufferedBytes, buffered);
                return;
            }
            long before = largest.writer.bufferedBytes();
            largest.writer.flushBuffered();
            metrics.memoryFlush();
            if (largest.writer.bufferedBytes() >= before) {
                return; // nothing more to free (text writers keep only their output buffer)
            }
        }
    }

    private void commit(Manifest manifest, KafkaConsumer<byte[], byte[]> c, KafkaProducer<byte[], byte[]> dlq,
                        List<Future<RecordMetadata>> deadLetters, List<OpenRange> ranges) throws IOException {
        String commitId = manifest.newCommitId();
        List<LakeFile> added = new ArrayList<>();
        List<OffsetRange> offsets = new ArrayList<>();
        for (OpenRange range : ranges) {
            for (OpenFile f : range.files.values()) {
                if (f.writer.rows() == 0) {
                    f.close();
                    continue;
                }
                try {
                    f.writer.finish();
                } catch (IOException e) {
                    throw new IOException("finishing " + f.spooled + ": " + e.getMessage(), e);
                }
                long bytes = Files.size(f.spooled);
                String name = range.tp.topic() + "-" + range.tp.partition() + "-" + String.format("%019d", range.from) + "-"
                        + String.format("%019d", range.next) + "." + options.format().extension();
                String path = f.table + "/" + (f.partition.isEmpty() ? "" : f.partition + "/") + name;
                String staged = Manifest.stagingKey(commitId, path);
                long rows = f.writer.rows();
                store.upload(f.spooled, staged);
                added.add(new LakeFile(path, f.table, f.partition, range.tp.topic(), range.tp.partition(), range.from, range.next,
                        rows, bytes, f.minTime, f.maxTime, staged));
            }
            range.files.clear();
            offsets.add(new OffsetRange(range.tp.topic(), range.tp.partition(), range.from, range.next));
        }
        // dead letters of these ranges reach the .dlq before the commit that skips their records
        try {
            dlq.flush();
            for (Future<RecordMetadata> f : deadLetters) {
                f.get();
            }
            deadLetters.clear();
        } catch (Exception e) {
            throw new org.apache.kafka.common.KafkaException("dead letters could not be written: " + e.getMessage(), e);
        }
        Map<TopicPartition, OffsetAndMetadata> group = new HashMap<>();
        try {
            ManifestEntry entry = manifest.commit(new ManifestEntry(0, ManifestEntry.Kind.APPEND, commitId, offsets, added, List.of()));
            for (OpenRange range : ranges) {
                open.remove(range.tp);
                resume.put(range.tp, range.next);
                group.put(range.tp, new OffsetAndMetadata(range.next, "lake v" + entry.version()));
            }
            metrics.committed(added);
        } catch (CommitConflictException e) {
            // another instance committed these offsets (a rebalance this one has not seen yet): re-read from the lake
            LOG.warn("{}: {}; re-reading from the lake's offsets", options.instanceId(), e.getMessage());
            for (LakeFile f : added) {
                store.delete(f.staged());
            }
            LakeSnapshot s = manifest.refresh();
            for (OpenRange range : ranges) {
                open.remove(range.tp);
                if (c.assignment().contains(range.tp)) {
                    OptionalLong next = s.nextOffset(range.tp.topic(), range.tp.partition());
                    if (next.isPresent()) {
                        c.seek(range.tp, next.getAsLong());
                        resume.put(range.tp, next.getAsLong());
                    }
                    repositioned.add(range.tp);
                }
            }
            return;
        }
        group.keySet().removeIf(tp -> !c.assignment().contains(tp));
        if (!group.isEmpty()) {
            c.commitAsync(group, (o, e) -> {
                if (e != null) {
                    LOG.debug("group offsets not committed (monitoring only): {}", e.toString());
                }
            });
        }
    }

    /** Counters and gauges of the sink, per table. */
    static final class SinkMetrics {
        private final MeterRegistry registry;
        private final AtomicLong openFiles = new AtomicLong();
        private final AtomicLong bufferedBytes = new AtomicLong();
        private final AtomicLong uncommittedRecords = new AtomicLong();
        private final AtomicLong oldestUncommittedMillis = new AtomicLong();
        private final Counter memoryFlushes;
        private final Map<String, String> tableOfTopic = new HashMap<>();

        SinkMetrics(MeterRegistry registry, LakeSinkOptions options) {
            this.registry = registry;
            options.tables().forEach(t -> tableOfTopic.put(t.topic(), t.name()));
            Gauge.builder("quiver.lake.open.files", openFiles, AtomicLong::get).description("Files being written").register(registry);
            Gauge.builder("quiver.lake.buffered.bytes", bufferedBytes, AtomicLong::get)
                    .description("Bytes buffered in memory by open files").register(registry);
            Gauge.builder("quiver.lake.commit.lag.records", uncommittedRecords, AtomicLong::get)
                    .description("Source records read but not yet committed to the lake").register(registry);
            Gauge.builder("quiver.lake.commit.lag.seconds", oldestUncommittedMillis, v -> v.get() / 1000.0)
                    .description("Age of the oldest uncommitted range").register(registry);
            memoryFlushes = Counter.builder("quiver.lake.memory.flushes")
                    .description("Row groups ended early to stay under the buffered-bytes cap").register(registry);
        }

        void state(Collection<OpenRange> ranges) {
            long files = 0;
            long bytes = 0;
            long records = 0;
            long oldest = 0;
            long now = System.nanoTime();
            for (OpenRange r : ranges) {
                files += r.files.size();
                bytes += r.bufferedBytes();
                records += r.next - r.from;
                oldest = Math.max(oldest, (now - r.openedAtNanos) / 1_000_000);
            }
            openFiles.set(files);
            bufferedBytes.set(bytes);
            uncommittedRecords.set(records);
            oldestUncommittedMillis.set(oldest);
        }

        void deadLetter(String topic) {
            Counter.builder("quiver.lake.dead.letters").tag("topic", topic)
                    .description("Records sent to the dead-letter topic").register(registry).increment();
        }

        void memoryFlush() {
            memoryFlushes.increment();
        }

        void committed(List<LakeFile> added) {
            for (LakeFile f : added) {
                Counter.builder("quiver.lake.rows.written").tag("table", f.table()).description("Rows committed to the lake")
                        .register(registry).increment(f.rows());
                Counter.builder("quiver.lake.files.written").tag("table", f.table()).description("Files committed to the lake")
                        .register(registry).increment();
                Counter.builder("quiver.lake.bytes.written").tag("table", f.table()).description("Bytes committed to the lake")
                        .register(registry).increment(f.bytes());
            }
            Counter.builder("quiver.lake.commits").description("Manifest commits").register(registry).increment();
        }
    }
}
