package io.quiver.ttp.pipeline;

import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.LedgerOffsetIndex;
import io.quiver.kafka.LedgerOrderedReader;
import io.quiver.schema.TokenTransferEventSchema;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads the events of a ledger range back from the events topic in ledger order (gRPC, Flight). */
public final class EventTopicReader {

    /** Receives events in order; false stops reading. */
    @FunctionalInterface
    public interface Sink {
        boolean accept(TokenTransferEventRow row) throws Exception;
    }

    private final LedgerOrderedReader reader;

    /** A reader that scans the topic from its beginning. */
    public EventTopicReader(KafkaClients kafka, String topic, ArrowKafkaCodec codec, BufferAllocator allocator) {
        this(kafka, topic, codec, allocator, new LedgerOffsetIndex());
    }

    /** A reader that starts where {@code index} (shared by the topic's readers, learning from each) says. */
    public EventTopicReader(KafkaClients kafka, String topic, ArrowKafkaCodec codec, BufferAllocator allocator,
                            LedgerOffsetIndex index) {
        this.reader = new LedgerOrderedReader(kafka, topic, TokenTransferEventSchema.SCHEMA, codec, allocator, index);
    }

    /** Events of ledgers {@code start..end} that pass {@code filter}; without an end, live. Returns events sent. */
    public long read(long start, OptionalLong end, EventFilter filter, Sink sink) throws Exception {
        return read(start, end, filter, () -> false, sink);
    }

    /** As {@link #read(long, OptionalLong, EventFilter, Sink)}, ending as soon as {@code stopped} says so (client gone). */
    public long read(long start, OptionalLong end, EventFilter filter, BooleanSupplier stopped, Sink sink) throws Exception {
        return readRows(start, end, filter, stopped, (v, row) -> sink.accept(v.get(row)));
    }

    /** Receives the events in order as a row of a decoded batch (valid during the call only); false stops reading. */
    @FunctionalInterface
    public interface RowSink {
        boolean accept(TokenTransferEventVectors batch, int row) throws Exception;
    }

    /**
     * As {@link #read(long, OptionalLong, EventFilter, BooleanSupplier, Sink)}, handing on rows of
     * the decoded batches: the range and the filter are read from the columns they need, and no
     * row object is made.
     */
    public long readRows(long start, OptionalLong end, EventFilter filter, BooleanSupplier stopped, RowSink sink) throws Exception {
        long[] sent = {0};
        reader.read(start, end, stopped, (first, last, batch) -> {
            for (VectorSchemaRoot root : batch.batches()) {
                TokenTransferEventVectors v = new TokenTransferEventVectors(root);
                for (int i = 0; i < root.getRowCount(); i++) {
                    long seq = v.ledgerSequence(i);
                    if (seq >= start && (end.isEmpty() || seq <= end.getAsLong()) && filter.test(v, i)) {
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
