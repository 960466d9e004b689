package io.quiver.llo.round;

import io.quiver.llo.aggregate.Aggregator;

/** A (stream, aggregator) pair; ordered by stream id, then aggregator code, as outcomes are. */
public record StreamRef(long streamId, Aggregator aggregator) implements Comparable<StreamRef> {

    @Override
    public int compareTo(StreamRef o) {
        int c = Long.compare(streamId, o.streamId);
        return c != 0 ? c : Integer.compare(aggregator.code(), o.aggregator.code());
    }
}
