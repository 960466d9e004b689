package io.quiver.service.stage;

import io.micrometer.core.instrument.MeterRegistry;
import io.quiver.kafka.GroupPipeline;

/**
 * A consumer-group pipeline run as a stage, with the gauges every such stage has:
 * {@code <prefix>_partitions} and {@code <prefix>_lag_records} (-1 while it holds no partition or
 * does not know its lag yet, so a replacement waiting for the group never looks caught up).
 */
public final class PipelineStage implements AutoCloseable {

    private final StageRunner runner;
    private volatile GroupPipeline pipeline;

    public PipelineStage(String name, String metricPrefix, MeterRegistry registry) {
        registry.gauge(metricPrefix + ".partitions", this, PipelineStage::partitions);
        registry.gauge(metricPrefix + ".lag.records", this, PipelineStage::lag);
        this.runner = new StageRunner(name, Stage.loop(() -> pipeline.run(), () -> {
            GroupPipeline p = pipeline;
            if (p != null) {
                p.stop();
            }
        }), registry);
    }

    /** Starts running {@code p} (once). */
    public void start(GroupPipeline p) {
        pipeline = p;
        runner.start();
    }

    /** For the pipeline's listener: it connected, was assigned partitions or committed. */
    public void progressed() {
        runner.progressed();
    }

    public StageRunner.Status status() {
        return runner.status();
    }

    public int partitions() {
        GroupPipeline p = pipeline;
        return p == null ? 0 : p.partitions();
    }

    public long lag() {
        GroupPipeline p = pipeline;
        return p == null ? -1 : p.lag();
    }

    @Override
    public void close() throws InterruptedException {
        runner.close();
    }
}
