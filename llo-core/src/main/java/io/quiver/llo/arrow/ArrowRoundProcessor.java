package io.quiver.llo.arrow;

import java.util.List;
import java.util.Map;

import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.round.QuorumException;
import io.quiver.llo.round.RoundInput;
import io.quiver.llo.round.RowOutcomeCalculator;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.StreamValue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import io.quiver.schema.LloSchemas;

/**
 * One round on the Arrow path: quorum check, observation timestamp, merge, aggregate. All Arrow
 * memory comes from the given (bounded) allocator; a round that would exceed it fails with
 * {@link RoundTooLargeException} after releasing everything it took, so the next round starts clean.
 */
public final class ArrowRoundProcessor {

    private final ObservationMerger merger = new ObservationMerger();
    private final ArrowRoundAggregator aggregator = new ArrowRoundAggregator();

    /** The round's aggregates record plus its failures and timestamp; close it when done. */
    public record Outcome(long observationTimestampNanos, ArrowRoundAggregator.Result result) implements AutoCloseable {
        @Override
        public void close() {
            result.close();
        }
    }

    public Outcome process(RoundInput in, BufferAllocator allocator) throws QuorumException, RoundTooLargeException {
        List<NodeObservation> obs = in.observations();
        QuorumException.check(obs.size(), in.f());
        long[] ts = new long[obs.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = obs.get(i).timestampNanos();
        }
        try (VectorSchemaRoot merged = merger.merge(obs, allocator)) {
            return new Outcome(RowOutcomeCalculator.upperMedian(ts), aggregator.aggregate(merged, in.channels(), in.previous(), in.f(), allocator));
        } catch (OutOfMemoryException e) {
            throw new RoundTooLargeException(obs.size(), allocator.getLimit(), e);
        }
    }

    /**
     * One round from per-node {@code Observation} records as they come off the observations topic:
     * the records are concatenated in bulk (no decoding into objects), each record counting as one
     * node's observation for the quorum; its timestamp is the record's {@code timestamp_ns}.
     */
    public Outcome processRecords(int f, List<ChannelDefinition> channels, Map<StreamRef, StreamValue> previous,
                                  List<VectorSchemaRoot> nodeRecords, BufferAllocator allocator)
            throws QuorumException, RoundTooLargeException {
        QuorumException.check(nodeRecords.size(), f);
        long[] ts = new long[nodeRecords.size()];
        for (int i = 0; i < ts.length; i++) {
            UInt8Vector t = (UInt8Vector) nodeRecords.get(i).getVector(LloSchemas.TIMESTAMP_NS);
            ts[i] = nodeRecords.get(i).getRowCount() == 0 ? 0 : t.get(0);
        }
        try (VectorSchemaRoot merged = merger.concat(nodeRecords, allocator)) {
            return new Outcome(RowOutcomeCalculator.upperMedian(ts), aggregator.aggregate(merged, channels, previous, f, allocator));
        } catch (OutOfMemoryException e) {
            throw new RoundTooLargeException(nodeRecords.size(), allocator.getLimit(), e);
        }
    }
}
