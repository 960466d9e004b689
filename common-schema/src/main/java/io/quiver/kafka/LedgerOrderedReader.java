package io.quiver.kafka;

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
import io.quiver.schema.QuiverSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the records of a Stellar topic (each labelled with a ledger range, ranges not overlapping)
 * back in ledger order, for serving ranges over Flight and gRPC. Records outside the range are
 * skipped by their headers without decoding; records spread over partitions are merged by their
 * first ledger (each partition is in ledger order); the records of one batch split for size may
 * share their boundary ledger, so callers filter rows by ledger. Only committed records are read. A ledger
 * that no record covers (a recorded gap) is passed over once every partition has been read past it.
 * Each call scans the topic from its beginning: fine for topics of moderate size (no index yet).
 */
public final class LedgerOrderedReader {

    /** Receives records in ledger order (the batch is closed after the call); false stops reading. */
    @FunctionalInterface
    public interface Sink {
        boolean accept(long first, long last, DecodedBatch batch) throws Exception;
    }

    private record Pending(long first, long last, DecodedBatch batch) {
    }

    private final Map<String, Object> kafka;
    private final String topic;
    private final QuiverSchema schema;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;

    public LedgerOrderedReader(Map<String, Object> kafka, String topic, QuiverSchema schema, ArrowKafkaCodec codec,
                               BufferAllocator allocator) {
        this.kafka = Map.copyOf(kafka);
        this.topic = topic;
        this.schema = schema;
        this.codec = codec;
        this.allocator = allocator;
    }

    /**
     * Sends the records covering ledgers {@code start..end} in order (the first and last may also
     * cover ledgers outside the range: callers filter rows); without {@code end}, goes on with new
     * records as they are committed until the sink returns false or the thread is interrupted.
     */
    public void read(long start, OptionalLong end, Sink sink) throws Exception {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, codec.maxRecordBytes() + 1024 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * (codec.maxRecordBytes() + 1024 * 1024));
        PriorityQueue<Pending> heap = new PriorityQueue<>(Comparator.comparingLong(Pending::first));
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long next = start;
            while (!Thread.currentThread().isInterrupted()) {
                var records = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    collect(r, next, end, heap);
                }
                while (!heap.isEmpty() && heap.peek().first() <= next) {
                    try (DecodedBatch b = heap.peek().batch()) {
                        Pending head = heap.poll();
                        // >= next - 1: a batch split into several records repeats its boundary ledger
                        if (head.last() >= next - 1) {
                            if (!sink.accept(head.first(), head.last(), b)) {
                                return;
                            }
                            next = Math.max(next, head.last() + 1);
                        }
                    }
                }
                if (end.isPresent() && next > end.getAsLong()) {
                    return;
                }
                if (records.isEmpty() && caughtUp(c, parts)) {
                    if (!heap.isEmpty()) {
                        // every partition is read to its end and no record covers `next`: a gap
                        next = heap.peek().first();
                    } else if (end.isPresent()) {
                        return;
                    }
                }
            }
            throw new InterruptedException("reading " + topic + " interrupted");
        } finally {
            heap.forEach(x -> x.batch().close());
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

    private void collect(ConsumerRecord<byte[], byte[]> r, long next, OptionalLong end, PriorityQueue<Pending> heap)
            throws PoisonRecordException {
        OptionalLong first = RecordHeaders.number(r.headers(), RecordHeaders.LEDGER_FIRST);
        OptionalLong last = RecordHeaders.number(r.headers(), RecordHeaders.LEDGER_LAST);
        if (first.isEmpty() || last.isEmpty()) {
            throw new PoisonRecordException(topic + "-" + r.partition() + "@" + r.offset() + ": no "
                    + RecordHeaders.LEDGER_FIRST + "/" + RecordHeaders.LEDGER_LAST + " headers");
        }
        if (last.getAsLong() < next - 1 || (end.isPresent() && first.getAsLong() > end.getAsLong())) {
            return;
        }
        try {
            heap.add(new Pending(first.getAsLong(), last.getAsLong(), codec.decode(r.value(), r.headers(), schema, allocator)));
        } catch (PoisonRecordException e) {
            throw new PoisonRecordException(topic + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
        }
    }
}
