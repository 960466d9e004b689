package io.quiver.lake.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.sink.LakeSink;
import io.quiver.lake.store.LakeStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** A {@link LakeSink} on its own thread, and waiting until the lake's manifest covers a topic. */
public final class SinkRun implements AutoCloseable {

    private final LakeSink sink;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public SinkRun(LakeSink sink) {
        this.sink = sink;
        this.thread = new Thread(() -> {
            try {
                sink.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "lake-sink-test");
        thread.start();
    }

    public Throwable failure() {
        return failure.get();
    }

    public boolean alive() {
        return thread.isAlive();
    }

    /** Waits until the manifest's offsets reach the end of every partition of {@code topic}. */
    public static LakeSnapshot awaitCovered(LakeStore store, Admin admin, String topic, int partitions, Duration timeout)
            throws Exception {
        Map<TopicPartition, OffsetSpec> ask = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new java.util.HashMap<>();
        admin.listOffsets(ask, new org.apache.kafka.clients.admin.ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                .all().get().forEach((tp, r) -> ends.put(tp, r.offset()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            LakeSnapshot s = new Manifest(store, "reader").refresh();
            boolean done = true;
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                long next = s.nextOffset(topic, e.getKey().partition()).orElse(0);
                // tests produce without transactions, so the end offset is the last record's plus one
                if (next < e.getValue()) {
                    done = false;
                }
            }
            if (done) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("lake did not cover " + topic + " within " + timeout + ": ends " + ends + ", lake " + s.nextOffsets());
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        sink.stop();
        thread.join(30_000);
    }
}
