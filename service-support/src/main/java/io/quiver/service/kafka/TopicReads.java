package io.quiver.service.kafka;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quiver.kafka.LedgerOffsetIndex;

/**
 * What the Flight and gRPC requests of one service share about the topic they read: the offset
 * index every read learns from and seeks by, and a gauge of the reads open now (live ones stay open
 * until their client goes away).
 */
public final class TopicReads {

    private final LedgerOffsetIndex index = new LedgerOffsetIndex();
    private final AtomicInteger open = new AtomicInteger();

    /** Registers the gauge {@code gauge} (for instance {@code quiver.ttp.open.reads}). */
    public TopicReads(MeterRegistry registry, String gauge, String topicRole) {
        Gauge.builder(gauge, open, AtomicInteger::get)
                .description("gRPC and Flight requests reading the " + topicRole + " topic now").register(registry);
    }

    public LedgerOffsetIndex index() {
        return index;
    }

    /** Runs {@code read}, counted as open while it runs. */
    public long counted(Callable<Long> read) throws Exception {
        open.incrementAndGet();
        try {
            return read.call();
        } finally {
            open.decrementAndGet();
        }
    }

    /** Reads open now. */
    public int open() {
        return open.get();
    }
}
