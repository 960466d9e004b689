package io.quiver.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.LongStream;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.RandomRows;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Range reads on the real broker, with the offset index learnt by a first read and used by the next. */
@ExtendWith(ArrowAllocatorExtension.class)
class LedgerOrderedReaderTest {

    private static final int LEDGERS_PER_RECORD = 10;
    private final ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();

    @Test
    void aSecondReadSeeksPastWhatTheFirstLearntAndStillFindsAnOldRecordWrittenLate(BufferAllocator allocator)
            throws Exception {
        String topic = TestKafka.freshTopic("range-read", 2);
        // ledgers 1..1000 in records of 10: partition 0 gets the even-numbered records, partition 1 the
        // odd ones, and the record of ledgers 1..10 (number 0) goes to partition 0 late, after ledger 510
        // (as when a processor that took over a partition redoes an old stretch)
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            for (int r = 1; r < 100; r++) {
                send(p, allocator, topic, r % 2, r * LEDGERS_PER_RECORD + 1);
                if (r == 50) {
                    send(p, allocator, topic, 0, 1);
                }
            }
            p.flush();
        }
        LedgerOffsetIndex index = new LedgerOffsetIndex();
        LedgerOrderedReader reader = new LedgerOrderedReader(
                KafkaClients.plaintext(TestKafka.broker().bootstrapServers()), topic, StellarLedgerSchema.SCHEMA,
                codec, allocator, index);

        List<Long> got = new ArrayList<>();
        long cold = reader.read(951, OptionalLong.of(1000), collect(951, 1000, got));
        assertEquals(range(951, 1000), got);
        assertEquals(100, cold, "the first read scans both partitions from their start");
        assertEquals(50, index.learntUpTo(0));
        assertEquals(50, index.learntUpTo(1));

        got.clear();
        long warm = reader.read(951, OptionalLong.of(1000), collect(951, 1000, got));
        assertEquals(range(951, 1000), got);
        assertTrue(warm < 5 + 2 * LedgerOffsetIndex.CHECKPOINT_EVERY, "seeks past what it learnt, fetched " + warm);

        // the late record of ledgers 1..10 sits after ledger 510 in partition 0: a checkpoint past it
        // covers ledgers after 510, so no read of early ledgers starts beyond it
        got.clear();
        reader.read(5, OptionalLong.of(25), collect(5, 25, got));
        assertEquals(range(5, 25), got);

        got.clear();
        long middle = reader.read(601, OptionalLong.of(620), collect(601, 620, got));
        assertEquals(range(601, 620), got);
        // a fetch brings the rest of a partition at once, but the first checkpoint of each is passed over
        assertTrue(middle <= 100 - 2 * LedgerOffsetIndex.CHECKPOINT_EVERY, "fetched " + middle);
    }

    @Test
    void checkpointsOnlyMoveForwardAndAnOutOfOrderRecordHoldsTheStartBack() {
        LedgerOffsetIndex index = new LedgerOffsetIndex();
        int n = 4 * LedgerOffsetIndex.CHECKPOINT_EVERY;
        for (int o = 0; o < n; o++) {
            // offset 20 holds an old ledger range (5) among ranges ending at 100 + 10 * offset
            index.covered(3, o, o == 20 ? 5 : 100 + 10L * o);
        }
        assertEquals(0, index.startOffset(3, 5), "nothing before ledger 5 is known to end earlier");
        assertEquals(0, index.startOffset(7, 1000), "a partition nobody read");
        long start = index.startOffset(3, 100 + 10L * 40);
        assertEquals(2 * LedgerOffsetIndex.CHECKPOINT_EVERY, start, "the last checkpoint wholly before ledger 500");
        index.covered(3, 5, 1_000_000); // an offset learnt already is not learnt again
        assertEquals(start, index.startOffset(3, 100 + 10L * 40));
        index.ends(3, n); // still as long
        assertEquals(n, index.learntUpTo(3));
        index.ends(3, 10); // the topic was made anew and is shorter now
        assertEquals(0, index.learntUpTo(3));
        assertEquals(0, index.startOffset(3, 100 + 10L * 40));
    }

    @Test
    void memoryStaysBoundedOnALongPartitionAndSeeksStayRight() {
        LedgerOffsetIndex index = new LedgerOffsetIndex();
        long records = 4L * LedgerOffsetIndex.MAX_CHECKPOINTS * LedgerOffsetIndex.CHECKPOINT_EVERY;
        for (long o = 0; o < records; o++) {
            index.covered(0, o, 2 * o + 1); // record o covers ledgers 2o..2o+1
        }
        assertTrue(index.checkpoints(0) <= LedgerOffsetIndex.MAX_CHECKPOINTS, "checkpoints " + index.checkpoints(0));
        assertTrue(index.checkpoints(0) >= LedgerOffsetIndex.MAX_CHECKPOINTS / 2, "checkpoints " + index.checkpoints(0));
        for (long ledger : new long[] {1, 1000, records, 2 * records - 1}) {
            long start = index.startOffset(0, ledger);
            long needed = (ledger - 1) / 2; // the first record holding the ledger
            assertTrue(start <= needed, "ledger " + ledger + ": starts at " + start + ", past record " + needed);
            assertTrue(needed - start <= 4L * LedgerOffsetIndex.CHECKPOINT_EVERY * 2,
                    "ledger " + ledger + ": starts " + (needed - start) + " records early");
        }
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    private static LedgerOrderedReader.Sink collect(long start, long end, List<Long> out) {
        return (first, last, batch) -> {
            for (VectorSchemaRoot root : batch.batches()) {
                UInt4Vector seq = (UInt4Vector) root.getVector(StellarLedgerSchema.SEQUENCE);
                for (int i = 0; i < root.getRowCount(); i++) {
                    long s = Integer.toUnsignedLong(seq.get(i));
                    if (s >= start && s <= end) {
                        out.add(s);
                    }
                }
            }
            return true;
        };
    }

    private void send(KafkaProducer<byte[], byte[]> p, BufferAllocator allocator, String topic, int partition, int first)
            throws Exception {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(StellarLedgerSchema.SCHEMA.arrowSchema(), allocator)) {
            RandomRows.fill(root, LEDGERS_PER_RECORD, first);
            UInt4Vector seq = (UInt4Vector) root.getVector(StellarLedgerSchema.SEQUENCE);
            for (int i = 0; i < LEDGERS_PER_RECORD; i++) {
                seq.set(i, first + i);
            }
            EncodedRecord r = codec.encode(root, BatchLabel.ledgers(first, first + LEDGERS_PER_RECORD - 1)).get(0);
            p.send(new ProducerRecord<>(topic, partition, null, Long.toString(first).getBytes(), r.value(), r.headers())).get();
        }
    }
}
