package io.quiver.llo.round;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.quiver.llo.aggregate.AggregationException;
import io.quiver.llo.aggregate.Aggregator;
import io.quiver.llo.aggregate.StreamAggregators;
import io.quiver.llo.value.StreamValue;
import io.quiver.llo.value.TimestampedValue;

/**
 * A round's outcome from plain Java objects, the way the Go plugin computes it: the reference the
 * Arrow path is compared against, and the path the CLI uses.
 */
public final class RowOutcomeCalculator {

    public RoundOutcome compute(RoundInput in) throws QuorumException {
        int f = in.f();
        List<NodeObservation> obs = in.observations();
        QuorumException.check(obs.size(), f);
        long[] ts = new long[obs.size()];
        Map<Long, List<StreamValue>> byStream = new HashMap<>();
        for (int i = 0; i < obs.size(); i++) {
            NodeObservation o = obs.get(i);
            ts[i] = o.timestampNanos();
            for (Map.Entry<Long, StreamValue> e : o.streamValues().entrySet()) {
                byStream.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            }
        }
        long timestamp = upperMedian(ts);

        SortedMap<StreamRef, StreamValue> aggregates = new TreeMap<>();
        SortedMap<StreamRef, String> failures = new TreeMap<>();
        for (StreamRef ref : pairsToAggregate(in.channels())) {
            StreamValue result = null;
            try {
                result = StreamAggregators.aggregate(ref.aggregator(), byStream.getOrDefault(ref.streamId(), List.of()), f);
            } catch (AggregationException e) {
                failures.put(ref, e.getMessage());
            }
            StreamValue chosen = carryForward(in.previous() == null ? null : in.previous().get(ref), result);
            if (chosen != null) {
                aggregates.put(ref, chosen);
            }
        }
        return new RoundOutcome(timestamp, aggregates, failures);
    }

    /** The round's observation timestamp: {@code sorted[n/2]} of the nodes' timestamps (sorts {@code ts}). */
    public static long upperMedian(long[] ts) {
        java.util.Arrays.sort(ts);
        return ts[ts.length / 2];
    }

    /** Distinct (stream, aggregator) pairs of live channels, calculated ones excluded, in outcome order. */
    public static List<StreamRef> pairsToAggregate(List<ChannelDefinition> channels) {
        // one sort of a flat list, then drop neighbours that repeat: cheaper than a tree of 10k pairs
        List<StreamRef> pairs = new ArrayList<>();
        for (ChannelDefinition c : channels) {
            if (c.tombstone()) {
                continue;
            }
            for (StreamRef s : c.streams()) {
                if (s.aggregator() != Aggregator.CALCULATED) {
                    pairs.add(s);
                }
            }
        }
        pairs.sort(null);
        int kept = 0;
        for (int i = 0; i < pairs.size(); i++) {
            if (kept == 0 || pairs.get(i).compareTo(pairs.get(kept - 1)) != 0) {
                pairs.set(kept++, pairs.get(i));
            }
        }
        return pairs.subList(0, kept);
    }

    /**
     * A timestamped previous value survives unless this round produced a timestamped value
     * observed strictly later; other values are not carried forward.
     */
    public static StreamValue carryForward(StreamValue previous, StreamValue current) {
        if (previous instanceof TimestampedValue prev) {
            if (current instanceof TimestampedValue cur && Long.compareUnsigned(cur.observedAtNanos(), prev.observedAtNanos()) > 0) {
                return cur;
            }
            return prev;
        }
        return current;
    }
}
