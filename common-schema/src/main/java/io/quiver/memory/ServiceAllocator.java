package io.quiver.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The allocator policy shared by every service: one bounded root allocator per service, one child
 * allocator per stage (decode, extract, encode, ...), each with its own limit, and gauges of their
 * use exported to Micrometer. A stage that needs more than its limit gets Arrow's
 * {@code OutOfMemoryException} for that batch instead of the JVM running out of direct memory, and
 * closing reports any buffer a stage forgot to release.
 */
public final class ServiceAllocator implements AutoCloseable {

    public static final String ALLOCATED_GAUGE = "quiver.arrow.allocated.bytes";
    public static final String PEAK_GAUGE = "quiver.arrow.peak.bytes";
    public static final String LIMIT_GAUGE = "quiver.arrow.limit.bytes";

    private final String service;
    private final RootAllocator root;
    private final Map<String, BufferAllocator> stages = new ConcurrentHashMap<>();
    private final List<MeterRegistry> registries = new ArrayList<>();

    private ServiceAllocator(String service, long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("allocator limit of " + service + " must be positive, was " + limitBytes);
        }
        this.service = service;
        this.root = new RootAllocator(limitBytes);
    }

    /** A root allocator for {@code service} bounded to {@code limitBytes}. */
    public static ServiceAllocator create(String service, long limitBytes) {
        return new ServiceAllocator(service, limitBytes);
    }

    public BufferAllocator root() {
        return root;
    }

    /**
     * The child allocator of a stage, created on first use with {@code limitBytes} (at most the
     * root's limit). Asking again for the same stage returns the same allocator.
     */
    public synchronized BufferAllocator stage(String stage, long limitBytes) {
        BufferAllocator existing = stages.get(stage);
        if (existing != null) {
            return existing;
        }
        BufferAllocator child = root.newChildAllocator(service + "." + stage, 0, Math.min(limitBytes, root.getLimit()));
        stages.put(stage, child);
        for (MeterRegistry r : registries) {
            registerGauges(r, stage, child);
        }
        return child;
    }

    /** Exports allocated, peak and limit gauges of the root and of every stage, present and future. */
    public synchronized void bindTo(MeterRegistry registry) {
        registries.add(registry);
        registerGauges(registry, "root", root);
        stages.forEach((stage, a) -> registerGauges(registry, stage, a));
    }

    private void registerGauges(MeterRegistry registry, String stage, BufferAllocator a) {
        Gauge.builder(ALLOCATED_GAUGE, a, BufferAllocator::getAllocatedMemory)
                .tag("service", service).tag("allocator", stage)
                .description("Arrow memory currently allocated").baseUnit("bytes").register(registry);
        Gauge.builder(PEAK_GAUGE, a, BufferAllocator::getPeakMemoryAllocation)
                .tag("service", service).tag("allocator", stage)
                .description("Highest Arrow memory allocated so far").baseUnit("bytes").register(registry);
        Gauge.builder(LIMIT_GAUGE, a, BufferAllocator::getLimit)
                .tag("service", service).tag("allocator", stage)
                .description("Arrow memory limit").baseUnit("bytes").register(registry);
    }

    /**
     * Closes every stage, then the root. Throws {@link IllegalStateException} naming the allocator and
     * the outstanding bytes if any buffer was not released.
     */
    @Override
    public synchronized void close() {
        IllegalStateException failure = null;
        for (Map.Entry<String, BufferAllocator> e : stages.entrySet()) {
            try {
                e.getValue().close();
            } catch (IllegalStateException leak) {
                failure = addTo(failure, leak);
            }
        }
        stages.clear();
        try {
            root.close();
        } catch (IllegalStateException leak) {
            failure = addTo(failure, leak);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static IllegalStateException addTo(IllegalStateException first, IllegalStateException next) {
        if (first == null) {
            return new IllegalStateException("Arrow memory leaked: " + next.getMessage(), next);
        }
        first.addSuppressed(next);
        return first;
    }
}
