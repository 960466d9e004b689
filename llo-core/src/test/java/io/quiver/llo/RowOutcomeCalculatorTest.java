package io.quiver.llo;

import static io.quiver.llo.StreamAggregatorsTest.d;
import static io.quiver.llo.StreamAggregatorsTest.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.quiver.llo.aggregate.Aggregator;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.round.QuorumException;
import io.quiver.llo.round.RoundInput;
import io.quiver.llo.round.RoundOutcome;
import io.quiver.llo.round.RowOutcomeCalculator;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.StreamValue;
import org.junit.jupiter.api.Test;

class RowOutcomeCalculatorTest {

    private static final StreamRef S1_MEDIAN = new StreamRef(1, Aggregator.MEDIAN);
    private static final StreamRef S2_MODE = new StreamRef(2, Aggregator.MODE);
    private static final StreamRef S3_MEDIAN = new StreamRef(3, Aggregator.MEDIAN);

    private static NodeObservation node(int observer, long ts, Map<Long, StreamValue> values) {
        return new NodeObservation(observer, ts, values);
    }

    @Test
    void fewerThan2fPlus1ObservationsIsTheQuorumError() {
        RoundInput in = new RoundInput(1, List.of(), Map.of(), List.of(node(0, 1, Map.of()), node(1, 2, Map.of())));
        QuorumException e = assertThrows(QuorumException.class, () -> new RowOutcomeCalculator().compute(in));
        assertEquals("invariant violation: expected at least 2f+1 attributed observations, got 2 (f: 1)", e.getMessage());
    }

    @Test
    void aRoundAggregatesLiveChannelPairsSortedWithFailuresAndTheUpperMedianTimestamp() throws Exception {
        List<ChannelDefinition> channels = List.of(
                new ChannelDefinition(7, "json", List.of(S2_MODE, S1_MEDIAN, new StreamRef(9, Aggregator.CALCULATED)), false),
                new ChannelDefinition(8, "json", List.of(new StreamRef(5, Aggregator.MEDIAN)), true),
                new ChannelDefinition(9, "json", List.of(S1_MEDIAN), false));
        List<NodeObservation> obs = List.of(
                node(0, 1000, Map.of(1L, d("1.1"), 2L, d("1"), 5L, d("1"))),
                node(1, 4000, Map.of(1L, d("4.4"), 2L, d("2"), 5L, d("1"))),
                node(2, 2000, Map.of(1L, d("2.2"), 2L, d("3"))),
                node(3, 3000, Map.of(1L, d("3.3"))));
        RoundOutcome out = new RowOutcomeCalculator().compute(new RoundInput(1, channels, Map.of(), obs));
        assertEquals(3000, out.observationTimestampNanos(), "sorted[n/2] of 1000, 2000, 3000, 4000");
        assertEquals(List.of(S1_MEDIAN), List.copyOf(out.aggregates().keySet()), "tombstoned and calculated pairs are not aggregated");
        assertEquals(d("3.3"), out.aggregates().get(S1_MEDIAN));
        assertEquals(Map.of(S2_MODE, "not enough observations in agreement to calculate mode, expected at least f+1, most common value had 1"),
                out.failures());
    }

    @Test
    void aTimestampedValueIsCarriedForwardUntilAStrictlyNewerOneArrives() throws Exception {
        List<ChannelDefinition> channels = List.of(new ChannelDefinition(1, "json", List.of(S3_MEDIAN), false));
        Map<StreamRef, StreamValue> previous = Map.of(S3_MEDIAN, t(500, "9"));
        List<NodeObservation> older = List.of(node(0, 1, Map.of(3L, t(400, "1"))), node(1, 1, Map.of(3L, t(500, "2"))),
                node(2, 1, Map.of(3L, t(600, "3"))));
        RoundOutcome keep = new RowOutcomeCalculator().compute(new RoundInput(1, channels, previous, older));
        assertEquals(t(500, "9"), keep.aggregates().get(S3_MEDIAN), "observedAt 500 is not strictly newer than 500");

        List<NodeObservation> newer = List.of(node(0, 1, Map.of(3L, t(600, "1"))), node(1, 1, Map.of(3L, t(700, "2"))),
                node(2, 1, Map.of(3L, t(800, "3"))));
        RoundOutcome replace = new RowOutcomeCalculator().compute(new RoundInput(1, channels, previous, newer));
        assertEquals(t(700, "2"), replace.aggregates().get(S3_MEDIAN));

        List<NodeObservation> none = List.of(node(0, 1, Map.of()), node(1, 1, Map.of()), node(2, 1, Map.of()));
        RoundOutcome failed = new RowOutcomeCalculator().compute(new RoundInput(1, channels, previous, none));
        assertEquals(t(500, "9"), failed.aggregates().get(S3_MEDIAN), "a failed round keeps the previous value");
        assertTrue(failed.failures().containsKey(S3_MEDIAN));
    }

    @Test
    void nonTimestampedPreviousValuesAreNotCarriedForward() throws Exception {
        List<ChannelDefinition> channels = List.of(new ChannelDefinition(1, "json", List.of(S1_MEDIAN), false));
        List<NodeObservation> none = List.of(node(0, 1, Map.of()), node(1, 1, Map.of()), node(2, 1, Map.of()));
        RoundOutcome out = new RowOutcomeCalculator().compute(new RoundInput(1, channels, Map.of(S1_MEDIAN, d("5")), none));
        assertFalse(out.aggregates().containsKey(S1_MEDIAN));
    }
}
