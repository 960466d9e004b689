package io.quiver.llo.round;

import java.util.SortedMap;

import io.quiver.llo.value.StreamValue;

/**
 * A round's result: the observation timestamp (upper median of the nodes'), the aggregates sorted
 * by (stream, aggregator), and the pairs whose aggregation failed with the reason. A failed
 * timestamped pair may still have an aggregate: the previous round's value, carried forward.
 */
public record RoundOutcome(long observationTimestampNanos, SortedMap<StreamRef, StreamValue> aggregates,
                           SortedMap<StreamRef, String> failures) {
}
