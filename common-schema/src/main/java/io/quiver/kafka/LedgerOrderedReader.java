package io.quiver.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.PoisonRecordException;
import io.quiver.codec.RecordHeaders;
import io.quiver.schema.QuiverSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the records of a Stellar topic (each labelled with a ledger range, ranges not overlapping)
 * back in ledger order, for serving ranges over Flight and gRPC. Records outside the range are
 * skipped by their headers without decoding; the rest are ordered by their first ledger (a
 * partition need not be in ledger order: processors write records as their input partitions come).
 * A record goes out as soon as it continues the range; a bounded read sends the rest in order once
 * every partition is read to its end; a live read waits 5 s for a missing ledger before passing
 * it over as a gap. The records of one batch split for size may share their boundary ledger, so
 * callers filter rows by ledger. Only committed records are read.
 * Each partition is read from where the {@link LedgerOffsetIndex} says the range can start (the
 * partition's beginning while the index knows nothing); the index learns from every read, so give
 * readers of one topic one index.
 */
public final class LedgerOrderedReader {

    /** Receives records in ledger order (the batch is closed after the call); false stops reading. */
    @FunctionalInterface
    public interface Sink {
        boolean accept(long first, long last, DecodedBatch batch) throws Exception;
    }

    private record Pending(long first, long last, DecodedBatch batch) {
    }

    /** Following live, how long a missing ledger is waited for before it counts as a gap. */
    private static final Duration LIVE_GAP_GRACE = Duration.ofSeconds(5);

    private final KafkaClients kafka;
    private final String topic;
    private final QuiverSchema schema;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final LedgerOffsetIndex index;

    /** A reader that scans the topic from its beginning (an index of its own, learnt by this reader alone). */
    public LedgerOrderedReader(KafkaClients kafka, String topic, QuiverSchema schema, ArrowKafkaCodec codec,
                               BufferAllocator allocator) {
        this(kafka, topic, schema, codec, allocator, new LedgerOffsetIndex());
    }

    public LedgerOrderedReader(KafkaClients kafka, String topic, QuiverSchema schema, ArrowKafkaCodec codec,
                               BufferAllocator allocator, LedgerOffsetIndex index) {
        this.kafka = kafka;
        this.topic = topic;
        this.schema = schema;
        this.codec = codec;
        this.allocator = allocator;
        this.index = index;
    }

    /**
     * Sends the records covering ledgers {@code start..end} in order (the first and last may also
     * cover ledgers outside the range: callers filter rows); without {@code end}, goes on with new
     * records as they are committed until the sink returns false or the thread is interrupted.
     * Returns the number of records fetched from the broker (read, whether in the range or not).
     */
    public long read(long start, OptionalLong end, Sink sink) throws Exception {
        return read(start, end, () -> false, sink);
    }

    /**
     * As {@link #read(long, OptionalLong, Sink)}, ending also as soon as {@code stopped} says so
     * (checked at every poll, so at least every 200 ms): a live read whose client went away ends
     * even when no new record comes to tell it.
     */
    public long read(long start, OptionalLong end, BooleanSupplier stopped, Sink sink) throws Exception {
        PriorityQueue<Pending> heap = new PriorityQueue<>(Comparator.comparingLong(Pending::first));
        KafkaConsumer<byte[], byte[]> c = kafka.committedReader(codec.maxRecordBytes());
        try {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(parts);
            Map<TopicPartition, Long> begins = c.beginningOffsets(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            for (TopicPartition tp : parts) {
                index.ends(tp.partition(), ends.get(tp));
                c.seek(tp, Math.max(begins.get(tp), index.startOffset(tp.partition(), start)));
            }
            long fetched = 0;
            long next = start;
            long caughtUpSince = -1;
            while (!Thread.currentThread().isInterrupted()) {
                if (stopped.getAsBoolean()) {
                    return fetched;
                }
                var records = c.poll(Duration.ofMillis(200));
                fetched += records.count();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    collect(r, next, end, heap);
                }
                // contiguous records go out as soon as they are here
                while (!heap.isEmpty() && heap.peek().first() <= next) {
                    next = emit(heap, next, sink);
                    if (next < 0) {
                        return fetched;
                    }
                }
                if (end.isPresent() && next > end.getAsLong()) {
                    return fetched;
                }
                if (!records.isEmpty() || !caughtUp(c, parts)) {
                    caughtUpSince = -1;
                    continue;
                }
                if (end.isPresent()) {
                    // everything committed is read: what is left comes out in order, gaps passed over
                    while (!heap.isEmpty()) {
                        next = emit(heap, next, sink);
                        if (next < 0) {
                            return fetched;
                        }
                    }
                    return fetched;
                }
                if (caughtUpSince < 0) {
                    caughtUpSince = System.nanoTime();
                } else if (!heap.isEmpty() && System.nanoTime() - caughtUpSince > LIVE_GAP_GRACE.toNanos()) {
                    // live: a ledger still missing after the grace period is a gap
                    next = heap.peek().first();
                }
            }
            throw new InterruptedException("reading " + topic + " interrupted");
        } finally {
            // without waiting: a reader that is done may have a fetch parked at the broker for
            // fetch.max.wait.ms (500 ms), which a plain close waits out on every request
            c.close(Duration.ZERO);
            heap.forEach(x -> x.batch().close());
        }
    }

    /** Sends the head record if it is not behind {@code next}; the new {@code next}, or -1 when the sink stopped. */
    private static long emit(PriorityQueue<Pending> heap, long next, Sink sink) throws Exception {
        try (DecodedBatch b = heap.peek().batch()) {
            Pending head = heap.poll();
            // >= next - 1: a batch split into several records repeats its boundary ledger
            if (head.last() >= next - 1) {
                if (!sink.accept(head.first(), head.last(), b)) {
                    return -1;
                }
                return Math.max(next, head.last() + 1);
            }
            return next;
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
        index.covered(r.partition(), r.offset(), last.getAsLong());
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
