package io.quiver.llo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

import io.quiver.llo.arrow.ArrowRoundProcessor;
import io.quiver.llo.arrow.ObservationMerger;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.arrow.RoundTooLargeException;
import io.quiver.llo.arrow.StreamAggregatesWriter;
import io.quiver.llo.round.RoundInput;
import io.quiver.llo.round.RoundOutcome;
import io.quiver.llo.round.RowOutcomeCalculator;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.StreamValue;
import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Arrow path gives exactly the row path's outcome: values (byte for byte), failures, timestamp. */
@ExtendWith(ArrowAllocatorExtension.class)
class ArrowRowComparisonTest {

    @ParameterizedTest(name = "{0} observations")
    @ValueSource(ints = {10, 100, 1_000, 5_000, 10_000})
    void arrowAndRowOutcomesAreIdentical(int values, BufferAllocator allocator) throws Exception {
        for (long seed = 0; seed < 5; seed++) {
            int nodes = 4 + (int) (seed % 4);
            int f = (nodes - 1) / 3;
            RoundInput in = RandomRounds.round(values, nodes, f, seed * 7919 + values);
            RoundOutcome row = new RowOutcomeCalculator().compute(in);
            try (ArrowRoundProcessor.Outcome arrow = new ArrowRoundProcessor().process(in, allocator)) {
                assertEquals(row.observationTimestampNanos(), arrow.observationTimestampNanos());
                SortedMap<StreamRef, StreamValue> arrowValues = StreamAggregatesWriter.read(arrow.result().aggregates());
                assertEquals(row.aggregates().keySet(), arrowValues.keySet(), "seed " + seed);
                for (var e : row.aggregates().entrySet()) {
                    assertEquals(e.getValue(), arrowValues.get(e.getKey()), "seed " + seed + " " + e.getKey());
                    assertTrue(java.util.Arrays.equals(e.getValue().toBinary(), arrowValues.get(e.getKey()).toBinary()));
                }
                assertEquals(row.failures(), arrow.result().failures(), "seed " + seed);
                assertEquals(row.aggregates(), arrow.result().valueMap(), "the objects beside the record, seed " + seed);
                assertTrue(row.aggregates().size() + row.failures().size() > 0, "a round with nothing to compare proves nothing");
            }
        }
    }

    @ParameterizedTest(name = "{0} observations from per-node records")
    @ValueSource(ints = {100, 10_000})
    void perNodeRecordsConcatenatedGiveTheRowOutcome(int values, BufferAllocator allocator) throws Exception {
        RoundInput in = RandomRounds.round(values, 4, 1, values);
        // nodes that observed nothing still count for the quorum in the row path; as records they
        // would be empty, which carries no timestamp: keep every node non-empty here
        RoundOutcome row = new RowOutcomeCalculator().compute(in);
        ObservationMerger merger = new ObservationMerger();
        List<VectorSchemaRoot> records = new ArrayList<>();
        try {
            for (NodeObservation n : in.observations()) {
                records.add(merger.merge(List.of(n), allocator));
            }
            try (ArrowRoundProcessor.Outcome arrow = new ArrowRoundProcessor()
                    .processRecords(in.f(), in.channels(), in.previous(), records, allocator)) {
                assertEquals(row.observationTimestampNanos(), arrow.observationTimestampNanos());
                assertEquals(row.aggregates(), StreamAggregatesWriter.read(arrow.result().aggregates()));
                assertEquals(row.failures(), arrow.result().failures());
            }
        } finally {
            records.forEach(VectorSchemaRoot::close);
        }
    }

    @Test
    void aRoundOverTheMemoryLimitFailsCleanlyAndTheNextRoundSucceeds() throws Exception {
        try (BufferAllocator bounded = new RootAllocator(64 * 1024)) {
            ArrowRoundProcessor p = new ArrowRoundProcessor();
            RoundInput big = RandomRounds.round(10_000, 4, 1, 1);
            RoundTooLargeException e = assertThrows(RoundTooLargeException.class, () -> p.process(big, bounded));
            assertTrue(e.getMessage().contains("exceeds the Arrow memory limit of 65536 bytes"), e.getMessage());
            assertEquals(0, bounded.getAllocatedMemory(), "the failed round released everything");
            RoundInput small = RandomRounds.round(100, 4, 1, 2);
            try (ArrowRoundProcessor.Outcome ok = p.process(small, bounded)) {
                assertEquals(new RowOutcomeCalculator().compute(small).aggregates(),
                        StreamAggregatesWriter.read(ok.result().aggregates()));
            }
        }
    }
}
