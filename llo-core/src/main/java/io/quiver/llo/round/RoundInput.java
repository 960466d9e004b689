package io.quiver.llo.round;

import java.util.List;
import java.util.Map;

import io.quiver.llo.value.StreamValue;

/**
 * Everything one round's outcome depends on: the fault tolerance {@code f}, the channel
 * definitions, the previous outcome's aggregates (for carry-forward) and the attributed
 * observations in the order they were received.
 */
public record RoundInput(int f, List<ChannelDefinition> channels, Map<StreamRef, StreamValue> previous,
                         List<NodeObservation> observations) {
}
