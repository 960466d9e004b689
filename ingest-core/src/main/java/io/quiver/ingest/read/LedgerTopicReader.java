package io.quiver.ingest.read;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.PoisonRecordException;
import io.quiver.codec.RecordHeaders;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.schema.rows.StellarLedgerRow;
import io.quiver.schema.rows.StellarLedgerVectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a ledger range back from the ledgers topic, in sequence order, for the Flight and legacy
 * gRPC endpoints and for checks. Records are skipped by their ledger-range headers without
 * decoding; batches spread over partitions are merged by sequence. Only committed records are
 * read. Each call scans the topic from its beginning (no index yet), so it suits ranges of a topic
 * of moderate size; a ledger missing from the topic (a recorded gap) is passed over once every
 * partition has been read past it.
 */
public final class LedgerTopicReader {

    /** Receives ledgers in order; returns false to stop reading. */
    @FunctionalInterface
    public interface Sink {
        boolean accept(StellarLedgerRow row) throws Exception;
    }

    private final Map<String, Object> kafka;
    private final String topic;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;

    public LedgerTopicReader(Map<String, Object> kafka, String topic, ArrowKafkaCodec codec, BufferAllocator allocator) {
        this.kafka = Map.copyOf(kafka);
        this.topic = topic;
        this.codec = codec;
        this.allocator = allocator;
    }

    /**
     * Sends ledgers {@code start..end} to {@code sink} in order; without {@code end}, goes on with
     * new ledgers as they are committed until the sink returns false or the thread is interrupted.
     * Returns the number of ledgers sent.
     */
    public long read(long start, OptionalLong end, Sink sink) throws Exception {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, codec.maxRecordBytes() + 1024 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * (codec.maxRecordBytes() + 1024 * 1024));
        long sent = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            PriorityQueue<StellarLedgerRow> heap = new PriorityQueue<>(Comparator.comparingLong(StellarLedgerRow::sequence));
            long next = start;
            while (!Thread.currentThread().isInterrupted()) {
                var records = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    collect(r, next, end, heap);
                }
                while (!heap.isEmpty() && heap.peek().sequence() <= next) {
                    StellarLedgerRow row = heap.poll();
                    if (row.sequence() == next) {
                        if (!sink.accept(row)) {
                            return sent + 1;
                        }
                        sent++;
                        next++;
                    }
                }
                if (end.isPresent() && next > end.getAsLong()) {
                    return sent;
                }
                if (records.isEmpty() && caughtUp(c, parts)) {
                    if (!heap.isEmpty()) {
                        // every partition is read to its end and this ledger is not there: a gap
                        next = heap.peek().sequence();
                    } else if (end.isPresent()) {
                        return sent;
                    }
                }
            }
            throw new InterruptedException("reading " + topic + " interrupted");
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts) {
        Map<TopicPartition, Long> ends = c.endOffsets(parts);
        for (TopicPartition tp : parts) {
            if (c.position(tp) < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private void collect(ConsumerRecord<byte[], byte[]> r, long next, OptionalLong end, PriorityQueue<StellarLedgerRow> heap)
            throws PoisonRecordException {
        OptionalLong first = RecordHeaders.number(r.headers(), RecordHeaders.LEDGER_FIRST);
        OptionalLong last = RecordHeaders.number(r.headers(), RecordHeaders.LEDGER_LAST);
        if (last.isPresent() && last.getAsLong() < next) {
            return;
        }
        if (first.isPresent() && end.isPresent() && first.getAsLong() > end.getAsLong()) {
            return;
        }
        try (DecodedBatch batch = codec.decode(r.value(), r.headers(), StellarLedgerSchema.SCHEMA, allocator)) {
            for (VectorSchemaRoot root : batch.batches()) {
                StellarLedgerVectors v = new StellarLedgerVectors(root);
                for (int i = 0; i < root.getRowCount(); i++) {
                    long seq = v.sequence(i);
                    if (seq >= next && (end.isEmpty() || seq <= end.getAsLong())) {
                        heap.add(v.get(i));
                    }
                }
            }
        } catch (PoisonRecordException e) {
            throw new PoisonRecordException(topic + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
        }
    }
}
