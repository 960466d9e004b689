package io.quiver.ingest.read;

import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.LedgerOffsetIndex;
import io.quiver.kafka.LedgerOrderedReader;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.schema.rows.StellarLedgerRow;
import io.quiver.schema.rows.StellarLedgerVectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads a ledger range back from the ledgers topic, ledger by ledger in sequence order (Flight, gRPC, checks). */
public final class LedgerTopicReader {

    /** Receives ledgers in order; returns false to stop reading. */
    @FunctionalInterface
    public interface Sink {
        boolean accept(StellarLedgerRow row) throws Exception;
    }

    private final LedgerOrderedReader reader;

    /** A reader that scans the topic from its beginning. */
    public LedgerTopicReader(KafkaClients kafka, String topic, ArrowKafkaCodec codec, BufferAllocator allocator) {
        this(kafka, topic, codec, allocator, new LedgerOffsetIndex());
    }

    /** A reader that starts where {@code index} (shared by the topic's readers, learning from each) says. */
    public LedgerTopicReader(KafkaClients kafka, String topic, ArrowKafkaCodec codec, BufferAllocator allocator,
                             LedgerOffsetIndex index) {
        this.reader = new LedgerOrderedReader(kafka, topic, StellarLedgerSchema.SCHEMA, codec, allocator, index);
    }

    /**
     * Sends ledgers {@code start..end} to {@code sink} in order; without {@code end}, goes on with new
     * ledgers as they are committed until the sink returns false or the thread is interrupted.
     * Returns the number of ledgers sent.
     */
    public long read(long start, OptionalLong end, Sink sink) throws Exception {
        return read(start, end, () -> false, sink);
    }

    /** As {@link #read(long, OptionalLong, Sink)}, ending as soon as {@code stopped} says so (client gone). */
    public long read(long start, OptionalLong end, BooleanSupplier stopped, Sink sink) throws Exception {
        return readRows(start, end, stopped, (v, row) -> sink.accept(v.get(row)));
    }

    /** Receives the ledgers in order as a row of a decoded batch (valid during the call only); false stops reading. */
    @FunctionalInterface
    public interface RowSink {
        boolean accept(StellarLedgerVectors batch, int row) throws Exception;
    }

    /** As {@link #read(long, OptionalLong, BooleanSupplier, Sink)}, handing on rows of the decoded batches (no row objects). */
    public long readRows(long start, OptionalLong end, BooleanSupplier stopped, RowSink sink) throws Exception {
        long[] sent = {0};
        reader.read(start, end, stopped, (first, last, batch) -> {
            for (VectorSchemaRoot root : batch.batches()) {
                StellarLedgerVectors v = new StellarLedgerVectors(root);
                for (int i = 0; i < root.getRowCount(); i++) {
                    long seq = v.sequence(i);
                    if (seq >= start && (end.isEmpty() || seq <= end.getAsLong())) {
                        if (!sink.accept(v, i)) {
                            return false;
                        }
                        sent[0]++;
                    }
                }
            }
            return true;
        });
        return sent[0];
    }
}
