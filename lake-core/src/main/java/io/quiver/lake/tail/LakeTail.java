package io.quiver.lake.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.files.Folders;
import io.quiver.kafka.KafkaClients;
import io.quiver.lake.format.FileLayout;
import io.quiver.lake.format.LakeFileWriter;
import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.format.WriterOptions;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.sink.TableRecords;
import io.quiver.lake.store.LakeStore;
import io.quiver.lake.table.RowRouter;
import io.quiver.lake.table.TableLayout;
import io.quiver.lake.table.TableSpec;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of the lake's topics that are not in a committed file yet, so that SQL over the lake is
 * current to the newest record and not up to a file's age behind.
 *
 * <p>One thread reads every partition of every table's topic (read_committed, no consumer group)
 * from the offset the manifest has committed up to, and writes what it reads, with the lake's own
 * reading of records ({@link TableRecords}) and the lake's file format, into small tail files of a
 * local folder, one set per source partition and hive partition, plus two columns: the record's
 * partition and offset. Records are written into tail files when a query asks for a view, or as they
 * come once a query came in the last 30 s (or past 64 MiB kept), so a service nobody queries pays
 * only for keeping a minute of records. The manifest is re-read every {@code refresh}. A {@link View} pairs one
 * manifest snapshot with the tail files, and its SQL keeps only tail rows at or past that
 * snapshot's offsets, so committed files plus tail hold every record once: nothing twice where a
 * file was committed while the tail still held its rows, nothing missing where the tail has not read
 * yet (it is then as current as it has read).
 *
 * <p>Files wholly below the snapshot's offsets leave the view, and are deleted once no query holds
 * a view that had them ({@link #hold()} / {@link #release(View)}). Past {@code maxBytes} on disk the
 * tail stops reading until commits free space (answers are then current only to where it stopped;
 * {@link #status()} says so). A record the lake refuses is left out (the sink dead-letters it).
 */
public final class LakeTail implements AutoCloseable {

    /** The tail files' extra columns, never shown by a view. */
    public static final String PARTITION_COLUMN = "__quiver_partition";
    public static final String OFFSET_COLUMN = "__quiver_offset";

    private static final Logger LOG = LoggerFactory.getLogger(LakeTail.class);
    private static final Duration DISCOVERY = Duration.ofSeconds(10);
    /**
     * Records are kept as they came and written into tail files only when a query wants them, unless
     * one did within this long: an idle service pays nothing for the tail, a busy one has its files
     * ready (a query then only finishes them).
     */
    private static final long EAGER_AFTER_QUERY_NANOS = Duration.ofSeconds(30).toNanos();
    /** Records kept in memory past this many bytes are written out even with no query. */
    private static final long PENDING_MAX_BYTES = 64L << 20;

    /** Opens the lake's store; called until it succeeds (a lake not reachable yet is retried). */
    @FunctionalInterface
    public interface StoreOpener {
        LakeStore open() throws IOException;
    }

    /**
     * @param tables   the lake's tables (each read from its topic)
     * @param format   the lake's file format (tail files are read exactly like the lake's)
     * @param dir      the local folder of the tail files (emptied at start)
     * @param maxBytes tail files on disk past which reading pauses
     * @param refresh  how often the manifest is re-read
     */
    public record Options(List<TableSpec> tables, LakeFormat format, Path dir, long maxBytes, Duration refresh) {
        public Options {
            tables = List.copyOf(tables);
        }
    }

    /** A finished tail file: rows of offsets [from, next) of one source partition, in one hive partition of a table. */
    public record TailFile(String table, String topic, int partition, String partitionPath, long from, long next, Path path,
                           long rows, long bytes) {
    }

    /**
     * What SQL reads: a manifest snapshot and the tail files to add to its files, rows at or past the
     * snapshot's offsets only. {@code generation} changes whenever either does.
     */
    public record View(long generation, LakeSnapshot snapshot, List<TailFile> files) {

        /** The first offset of {@code topic}'s {@code partition} the snapshot's files do not hold. */
        public long cutoff(String topic, int partition) {
            return snapshot.nextOffset(topic, partition).orElse(0);
        }

        /** The tail files of {@code table}, in path order. */
        public List<TailFile> files(String table) {
            return files.stream().filter(f -> f.table().equals(table)).sorted(Comparator.comparing(f -> f.path().toString())).toList();
        }
    }

    /** What the tail holds now, and why it may be behind. */
    public record Status(boolean reading, boolean paused, String problem, int files, long rows, long bytes,
                         int pendingRecords, Map<String, Long> positions) {
    }

    private final Options options;
    private final KafkaClients kafka;
    private final ArrowKafkaCodec codec;
    private final StoreOpener opener;
    private final Map<String, TableRecords> records = new HashMap<>();
    private final Map<FileLayout, FileLayout> tailLayouts = new HashMap<>();
    private final WriterOptions writer = WriterOptions.defaults().withCodec(io.quiver.lake.format.ParquetCodec.SNAPPY);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile String problem;
    private volatile boolean paused;

    // guarded by this
    private Manifest manifest;
    private LakeSnapshot snapshot = new LakeSnapshot();
    private final Map<TopicPartition, Chunk> open = new HashMap<>();
    private final List<TailFile> sealed = new ArrayList<>();
    private final List<Retired> retired = new ArrayList<>();
    private final ViewHolds held = new ViewHolds();
    /** Next offset to read per partition (where the consumer was put or the last record read plus one). */
    private final Map<TopicPartition, Long> reading = new HashMap<>();
    private long generation;
    private View view;
    private long fileSeq;
    /** Records read and not yet written into tail files, and their bytes. */
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
    private long pendingBytes;
    /** Bumped by a reset: a poll begun before it is dropped (its records are read again). */
    private long epoch;
    private volatile long lastHoldNanos = System.nanoTime() - EAGER_AFTER_QUERY_NANOS;
    /** When the manifest was last read (0: never). */
    private volatile long refreshedAtNanos;

    public LakeTail(Options options, KafkaClients kafka, ArrowKafkaCodec codec, BufferAllocator allocator, StoreOpener opener) {
        this.options = options;
        this.kafka = kafka;
        this.codec = codec;
        this.opener = opener;
        for (TableSpec t : options.tables()) {
            records.put(t.topic(), new TableRecords(t, codec, allocator));
        }
        this.view = new View(0, snapshot, List.of());
        this.thread = new Thread(this::loop, "lake-tail");
        this.thread.setDaemon(true);
    }

    public void start() throws IOException {
        Folders.deleteTree(options.dir());
        Files.createDirectories(options.dir());
        thread.start();
    }

    /** How long ago the tail last read the manifest (its views' snapshot is at most that old); max if never. */
    public Duration snapshotAge() {
        long at = refreshedAtNanos;
        return at == 0 ? Duration.ofSeconds(Long.MAX_VALUE / 2_000_000_000L) : Duration.ofNanos(System.nanoTime() - at);
    }

    /** The folder of the tail files (SQL must be allowed to read it). */
    public Path dir() {
        return options.dir();
    }

    /**
     * The current view, held: its files stay on disk until {@link #release(View)}. Open tail files are
     * finished first, so the view has every record read so far.
     */
    public synchronized View hold() {
        lastHoldNanos = System.nanoTime();
        try {
            writePending();
        } catch (IOException e) {
            problem = "tail files: " + e.getMessage();
            LOG.warn("lake tail: {}; reading again from the lake's offsets", problem);
            reset();
            reading.clear(); // the reader seeks every partition back to the lake's offsets
        }
        boolean added = false;
        for (Chunk c : List.copyOf(open.values())) {
            added |= seal(c);
        }
        if (added) {
            newView();
        }
        held.hold(view.generation());
        return view;
    }

    /** Holds {@code v} once more (a query on a view built earlier). */
    public synchronized void hold(View v) {
        held.hold(v.generation());
    }

    public synchronized void release(View v) {
        held.release(v.generation());
        deleteRetired();
    }

    public synchronized Status status() {
        long rows = 0;
        long bytes = 0;
        for (TailFile f : sealed) {
            rows += f.rows();
            bytes += f.bytes();
        }
        for (Chunk c : open.values()) {
            rows += c.rows();
            bytes += c.bytes();
        }
        Map<String, Long> positions = new TreeMap<>();
        reading.forEach((tp, o) -> positions.put(tp.topic() + "/" + tp.partition(), o));
        return new Status(consumer != null, paused, problem, sealed.size() + open.size(), rows, bytes, pending.size(), positions);
    }

    private void loop() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> c = kafka.committedReader(codec.maxRecordBytes())) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                if (running) {
                    problem = "woken up: " + e;
                }
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                problem = oneLine(e);
                LOG.warn("lake tail: {}; starting again from the lake's offsets in 5 s", problem);
                reset();
                pause(Duration.ofSeconds(5));
            } finally {
                consumer = null;
                synchronized (this) {
                    reading.clear();
                }
            }
        }
    }

    private void follow(KafkaConsumer<byte[], byte[]> c) throws IOException {
        long nextRefresh = 0;
        long nextDiscovery = 0;
        Set<TopicPartition> assigned = new HashSet<>();
        while (running) {
            long now = System.nanoTime();
            if (now >= nextRefresh) {
                refresh();
                nextRefresh = now + options.refresh().toNanos();
            }
            if (now >= nextDiscovery) {
                Set<TopicPartition> all = discover(c);
                if (!all.equals(assigned)) {
                    c.assign(all);
                    assigned = all;
                }
                nextDiscovery = now + DISCOVERY.toNanos();
            }
            position(c, assigned);
            if (assigned.isEmpty()) {
                pause(options.refresh());
                continue;
            }
            paused = heldBytes() > options.maxBytes();
            if (paused) {
                pause(options.refresh());
                continue;
            }
            long polledAt;
            synchronized (this) {
                polledAt = epoch;
            }
            var batch = c.poll(Duration.ofMillis(200));
            synchronized (this) {
                if (polledAt != epoch) {
                    continue; // a reset came in between: these are read again from the lake's offsets
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    keep(r);
                }
                if (System.nanoTime() - lastHoldNanos < EAGER_AFTER_QUERY_NANOS || pendingBytes > PENDING_MAX_BYTES) {
                    writePending();
                }
            }
            problem = null;
        }
    }

    /** After a failure: nothing half-written stays, the next start reads again from the lake's offsets. */
    private synchronized void reset() {
        epoch++;
        pending.clear();
        pendingBytes = 0;
        open.values().forEach(Chunk::drop);
        open.clear();
        sealed.forEach(f -> retired.add(new Retired(f, generation + 1)));
        sealed.clear();
        newView();
        deleteRetired();
    }

    /** Re-reads the manifest: rows it now holds leave the view. */
    private void refresh() throws IOException {
        Manifest m;
        synchronized (this) {
            m = manifest;
        }
        if (m == null) {
            m = new Manifest(opener.open(), "tail");
        }
        LakeSnapshot s = m.refresh();
        refreshedAtNanos = System.nanoTime();
        synchronized (this) {
            manifest = m;
            if (s.version() == snapshot.version() && generation > 0) {
                return;
            }
            snapshot = s;
            pending.removeIf(r -> {
                if (r.offset() < cutoff(r.topic(), r.partition())) {
                    pendingBytes -= size(r);
                    return true;
                }
                return false;
            });
            sealed.removeIf(f -> {
                if (f.next() <= cutoff(f.topic(), f.partition())) {
                    retired.add(new Retired(f, generation + 1));
                    return true;
                }
                return false;
            });
            open.values().removeIf(c -> {
                if (c.next <= cutoff(c.tp.topic(), c.tp.partition())) {
                    c.drop(); // never in a view
                    return true;
                }
                return false;
            });
            newView();
            deleteRetired();
        }
    }

    private Set<TopicPartition> discover(KafkaConsumer<byte[], byte[]> c) {
        Set<TopicPartition> out = new HashSet<>();
        for (String topic : records.keySet()) {
            List<PartitionInfo> parts = c.partitionsFor(topic, Duration.ofSeconds(5));
            if (parts != null) {
                parts.forEach(p -> out.add(new TopicPartition(topic, p.partition())));
            }
        }
        return out;
    }

    /** Puts every partition at the snapshot's offset when the tail is behind it (or new). */
    private synchronized void position(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        reading.keySet().retainAll(assigned);
        for (TopicPartition tp : assigned) {
            long cutoff = cutoff(tp.topic(), tp.partition());
            Long at = reading.get(tp);
            if (at == null || at < cutoff) {
                c.seek(tp, cutoff);
                reading.put(tp, cutoff);
            }
        }
    }

    private long cutoff(String topic, int partition) {
        return snapshot.nextOffset(topic, partition).orElse(0);
    }

    /** A record read: kept until it is written into a tail file (or the lake commits it first). */
    private void keep(ConsumerRecord<byte[], byte[]> r) {
        if (r.offset() < cutoff(r.topic(), r.partition())) {
            return; // fetched before the seek past what the lake holds
        }
        reading.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
        pending.add(r);
        pendingBytes += size(r);
    }

    private static long size(ConsumerRecord<byte[], byte[]> r) {
        return Math.max(0, r.serializedValueSize()) + Math.max(0, r.serializedKeySize()) + 64;
    }

    /** Writes the kept records into tail files, skipping those the lake has committed meanwhile. */
    private void writePending() throws IOException {
        ConsumerRecord<byte[], byte[]> r;
        while ((r = pending.poll()) != null) {
            pendingBytes -= size(r);
            if (r.offset() >= cutoff(r.topic(), r.partition())) {
                append(r);
            }
        }
    }

    private void append(ConsumerRecord<byte[], byte[]> r) throws IOException {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        TableRecords table = records.get(r.topic());
        try (TableRecords.Rows rows = table.read(r)) {
            if (rows.refused() != null) {
                return; // the sink sends it to the dead-letter topic; it is in no file
            }
            Chunk chunk = open.get(tp);
            if (chunk != null && chunk.schemaChanges(rows)) {
                seal(chunk);
                chunk = null;
            }
            if (chunk == null) {
                chunk = new Chunk(tp, table, r.offset());
                open.put(tp, chunk);
            }
            long[] base = rows.constants();
            long[] constants = Arrays.copyOf(base, base.length + 2);
            constants[base.length] = r.partition();
            constants[base.length + 1] = r.offset();
            List<VectorSchemaRoot> batches = rows.batch().batches();
            for (int b = 0; b < batches.size(); b++) {
                VectorSchemaRoot root = batches.get(b);
                for (RowRouter.Group g : rows.routed().get(b)) {
                    chunk.file(g.path(), root.getSchema()).write(root, g.rows(), g.count(), constants);
                }
            }
            chunk.next = r.offset() + 1;
        }
    }

    /** Finishes a chunk's files into the sealed list; true if it had rows. */
    private boolean seal(Chunk c) {
        open.remove(c.tp);
        boolean any = false;
        for (Map.Entry<String, ChunkFile> e : c.files.entrySet()) {
            ChunkFile f = e.getValue();
            if (f.writer.rows() == 0) {
                f.writer.close();
                deleteQuietly(f.path);
                continue;
            }
            try {
                f.writer.finish();
                sealed.add(new TailFile(c.table.table().name(), c.tp.topic(), c.tp.partition(), e.getKey(), c.from, c.next, f.path,
                        f.writer.rows(), Files.size(f.path)));
                any = true;
            } catch (IOException ex) {
                // a tail file that cannot be finished leaves its rows to the committed files only
                problem = "tail file " + f.path + ": " + ex.getMessage();
                LOG.warn("lake tail: {}", problem);
                f.writer.close();
                deleteQuietly(f.path);
            }
        }
        return any;
    }

    private void newView() {
        generation++;
        view = new View(generation, snapshot, List.copyOf(sealed));
    }

    private void deleteRetired() {
        long oldestHeld = held.oldest();
        retired.removeIf(r -> {
            if (r.retiredAt <= oldestHeld) {
                deleteQuietly(r.file.path());
                return true;
            }
            return false;
        });
    }

    private synchronized long heldBytes() {
        long bytes = 0;
        for (TailFile f : sealed) {
            bytes += f.bytes();
        }
        for (Retired r : retired) {
            bytes += r.file.bytes();
        }
        for (Chunk c : open.values()) {
            bytes += c.bytes();
        }
        return bytes + pendingBytes;
    }

    private FileLayout tailLayout(FileLayout base) {
        return tailLayouts.computeIfAbsent(base, b -> {
            List<Field> columns = new ArrayList<>(b.columns());
            int constants = 0;
            for (int s : b.sources()) {
                if (FileLayout.constantIndex(s) >= 0) {
                    constants++;
                }
            }
            columns.add(new Field(PARTITION_COLUMN, FieldType.notNullable(new ArrowType.Int(64, true)), null));
            columns.add(new Field(OFFSET_COLUMN, FieldType.notNullable(new ArrowType.Int(64, true)), null));
            int[] sources = Arrays.copyOf(b.sources(), b.sources().length + 2);
            sources[sources.length - 2] = -(constants + 1);
            sources[sources.length - 1] = -(constants + 2);
            return new FileLayout(columns, sources, b.metadata());
        });
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().lines().findFirst().orElse(m);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("tail file {} not deleted: {}", p, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            open.values().forEach(Chunk::drop);
            open.clear();
            sealed.clear();
            retired.clear();
        }
        try {
            Folders.deleteTree(options.dir());
        } catch (IOException e) {
            LOG.debug("tail folder {} not removed: {}", options.dir(), e.getMessage());
        }
    }

    private record Retired(TailFile file, long retiredAt) {
    }

    /** The files being written for one source partition since its last seal, one per hive partition. */
    private final class Chunk {
        final TopicPartition tp;
        final TableRecords table;
        final long from;
        long next;
        Schema schema;
        final Map<String, ChunkFile> files = new LinkedHashMap<>();

        Chunk(TopicPartition tp, TableRecords table, long from) {
            this.tp = tp;
            this.table = table;
            this.from = from;
            this.next = from;
        }

        boolean schemaChanges(TableRecords.Rows rows) {
            for (VectorSchemaRoot root : rows.batch().batches()) {
                if (schema != null && !TableLayout.sameColumns(schema, root.getSchema())) {
                    return true;
                }
            }
            return false;
        }

        LakeFileWriter file(String partitionPath, Schema batchSchema) throws IOException {
            schema = batchSchema;
            ChunkFile f = files.get(partitionPath);
            if (f == null) {
                Path folder = options.dir().resolve(table.table().name());
                if (!partitionPath.isEmpty()) {
                    folder = folder.resolve(partitionPath);
                }
                Files.createDirectories(folder);
                Path path = folder.resolve(tp.topic() + "-" + tp.partition() + "-" + String.format("%019d", from) + "-"
                        + (fileSeq++) + "." + options.format().extension());
                f = new ChunkFile(path, options.format().open(path, tailLayout(table.layout(batchSchema)), writer));
                files.put(partitionPath, f);
            }
            return f.writer;
        }

        long rows() {
            long n = 0;
            for (ChunkFile f : files.values()) {
                n += f.writer.rows();
            }
            return n;
        }

        long bytes() {
            long n = 0;
            for (ChunkFile f : files.values()) {
                n += f.writer.estimatedBytes();
            }
            return n;
        }

        void drop() {
            for (ChunkFile f : files.values()) {
                f.writer.close();
                deleteQuietly(f.path);
            }
            files.clear();
        }
    }

    private record ChunkFile(Path path, LakeFileWriter writer) {
    }
}
