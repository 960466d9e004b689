package io.quiver.bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.quiver.llo.aggregate.Aggregator;
import io.quiver.llo.arrow.ArrowRoundProcessor;
import io.quiver.llo.arrow.ObservationMerger;
import io.quiver.llo.arrow.ObservationRecordReader;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.round.RoundInput;
import io.quiver.llo.round.RoundOutcome;
import io.quiver.llo.round.RowOutcomeCalculator;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.StreamValue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full LLO round (quorum, timestamp, aggregation of every channel's streams) at 4 nodes, f = 1,
 * in the shapes of the Go plugin's recorded benchmark: channels x streams per channel. The Arrow
 * path (merge into an Observation record, column-grouped aggregation, StreamAggregates record) and
 * the row path run side by side, both from decoded objects and from per-node Arrow records (the
 * form llo-service receives from Kafka). Run with {@code -prof gc} for allocation per round.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class LloRoundBenchmark {

    @Param({"10x1", "100x10", "1000x1", "1000x10"})
    public String shape;

    private RoundInput round;
    private BufferAllocator allocator;
    /** The same round as the observations topic delivers it: one Observation record per node. */
    private List<VectorSchemaRoot> nodeRecords;
    private final ArrowRoundProcessor arrow = new ArrowRoundProcessor();
    private final RowOutcomeCalculator row = new RowOutcomeCalculator();

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split("x");
        round = round(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), 4, 1, 42);
        allocator = new RootAllocator(512L << 20);
        nodeRecords = new ArrayList<>();
        for (NodeObservation n : round.observations()) {
            nodeRecords.add(new ObservationMerger().merge(List.of(n), allocator));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        nodeRecords.forEach(VectorSchemaRoot::close);
        allocator.close();
    }

    @Benchmark
    public long arrowRound() throws Exception {
        try (ArrowRoundProcessor.Outcome out = arrow.process(round, allocator)) {
            return out.result().aggregates().getRowCount() + out.observationTimestampNanos();
        }
    }

    @Benchmark
    public long rowRound() throws Exception {
        RoundOutcome out = row.compute(round);
        return out.aggregates().size() + out.observationTimestampNanos();
    }

    /** Arrow path from per-node records: bulk concatenation, then column-wise aggregation. */
    @Benchmark
    public long arrowRoundFromRecords() throws Exception {
        try (ArrowRoundProcessor.Outcome out = arrow.processRecords(round.f(), round.channels(), round.previous(), nodeRecords, allocator)) {
            return out.result().aggregates().getRowCount() + out.observationTimestampNanos();
        }
    }

    /** Row path from per-node records: decode every value into objects, then aggregate. */
    @Benchmark
    public long rowRoundFromRecords() throws Exception {
        List<NodeObservation> obs = new ArrayList<>(nodeRecords.size());
        for (VectorSchemaRoot r : nodeRecords) {
            obs.addAll(ObservationRecordReader.read(r));
        }
        RoundOutcome out = row.compute(new RoundInput(round.f(), round.channels(), round.previous(), obs));
        return out.aggregates().size() + out.observationTimestampNanos();
    }

    /** Median streams with realistic prices (8-18 significant digits), every node reporting every stream. */
    static RoundInput round(int channels, int streamsPerChannel, int nodes, int f, long seed) {
        Random rnd = new Random(seed);
        List<ChannelDefinition> defs = new ArrayList<>(channels);
        int stream = 1;
        for (int c = 0; c < channels; c++) {
            List<StreamRef> refs = new ArrayList<>(streamsPerChannel);
            for (int s = 0; s < streamsPerChannel; s++) {
                refs.add(new StreamRef(stream++, Aggregator.MEDIAN));
            }
            defs.add(new ChannelDefinition(c, "json", refs, false));
        }
        List<NodeObservation> obs = new ArrayList<>(nodes);
        for (int n = 0; n < nodes; n++) {
            Map<Long, StreamValue> values = new LinkedHashMap<>();
            for (long s = 1; s < stream; s++) {
                long price = 1_000_000_000L + rnd.nextInt(1_000_000);
                values.put(s, new DecimalValue(LloDecimal.of(BigInteger.valueOf(price), -8)));
            }
            obs.add(new NodeObservation(n, 1_700_000_000_000_000_000L + n, values));
        }
        return new RoundInput(f, defs, Map.of(), obs);
    }
}
