package io.quiver.launcher;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.Topics;
import io.quiver.llo.arrow.ObservationMerger;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.StreamValue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Simulated oracle nodes for the demo: every {@code interval} a round of {@code nodes} nodes
 * observing {@code streams} prices (random walks from the seed), one Arrow {@code Observation}
 * record per node on {@code llo.observations.v1}, as a DON's nodes would publish them. To show
 * what the aggregation is for: each node misses a stream now and then (5%), node 1 reports a wild
 * outlier (10x) every seventh round (the median ignores it), and the last node is slow: it reports
 * after the others, and every tenth round not at all (the round closes on its timeout with the
 * 2f+1 quorum of the others).
 */
final class LloSimulator implements AutoCloseable {

    static final String GROUP = "demo";

    private final int nodes;
    private final int streams;
    private final long intervalMillis;
    private final SplittableRandom random;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
    private final BufferAllocator allocator = new RootAllocator(64L << 20);
    private final AtomicLong rounds = new AtomicLong();
    private final double[] prices;
    private volatile boolean stopped;
    private volatile String failure;
    private Thread thread;

    LloSimulator(String bootstrap, int nodes, int streams, long seed, long intervalMillis) {
        this.nodes = nodes;
        this.streams = streams;
        this.intervalMillis = intervalMillis;
        this.random = new SplittableRandom(seed);
        this.producer = KafkaClients.plaintext(bootstrap).idempotentProducer(8 << 20);
        this.prices = new double[streams];
        for (int s = 0; s < streams; s++) {
            prices[s] = 0.05 + random.nextDouble() * 60_000;
        }
    }

    void start() {
        thread = new Thread(this::loop, "llo-simulator");
        thread.setDaemon(true);
        thread.start();
    }

    /** Rounds published so far. */
    long rounds() {
        return rounds.get();
    }

    /** Why the simulator stopped by itself, or null. */
    String failure() {
        return failure;
    }

    private void loop() {
        long round = 1;
        try {
            while (!stopped) {
                long started = System.currentTimeMillis();
                rounds.incrementAndGet(); // counted before its first observation goes out: a stop mid-round still counts it
                publishRound(round++);
                long left = intervalMillis - (System.currentTimeMillis() - started);
                if (left > 0) {
                    Thread.sleep(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopped) {
                failure = "oracle simulation stopped: " + e.getMessage();
            }
        }
    }

    private void publishRound(long round) throws InterruptedException {
        for (int s = 0; s < streams; s++) {
            prices[s] = Math.max(0.0001, prices[s] * (1 + (random.nextDouble() - 0.5) * 0.002));
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        List<NodeObservation> onTime = new ArrayList<>();
        NodeObservation slow = null;
        for (int n = 0; n < nodes; n++) {
            Map<Long, StreamValue> values = new LinkedHashMap<>();
            for (int s = 0; s < streams; s++) {
                if (random.nextInt(20) == 0) {
                    continue; // this node did not get this price this round
                }
                double v = prices[s] * (1 + (random.nextDouble() - 0.5) * 0.0004);
                if (n == 1 && round % 7 == 0) {
                    v *= 10;
                }
                values.put((long) (s + 1), new DecimalValue(LloDecimal.parse(BigDecimal.valueOf(v).setScale(8, RoundingMode.HALF_EVEN)
                        .toPlainString())));
            }
            NodeObservation o = new NodeObservation(n, now + n * 1000L, values);
            if (n == nodes - 1) {
                slow = round % 10 == 0 ? null : o;
            } else {
                onTime.add(o);
            }
        }
        for (NodeObservation o : onTime) {
            send(round, o);
        }
        if (slow != null) {
            Thread.sleep(Math.min(300, intervalMillis / 2));
            send(round, slow);
        }
        producer.flush();
    }

    private void send(long round, NodeObservation o) {
        try (VectorSchemaRoot root = new ObservationMerger().merge(List.of(o), allocator)) {
            for (EncodedRecord r : codec.encode(root, BatchLabel.round(round))) {
                producer.send(new ProducerRecord<>(Topics.LLO_OBSERVATIONS, null, GROUP.getBytes(StandardCharsets.UTF_8), r.value(),
                        r.headers()));
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close();
        allocator.close();
    }
}
