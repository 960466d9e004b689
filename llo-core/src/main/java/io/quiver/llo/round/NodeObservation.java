package io.quiver.llo.round;

import java.util.Map;

import io.quiver.llo.value.StreamValue;

/** One node's observation in a round: its timestamp and the values of the streams it observed. */
public record NodeObservation(int observer, long timestampNanos, Map<Long, StreamValue> streamValues) {
}
