package io.quiver.service.stage;

/**
 * The work of one stage: {@link #run()} does it until the work is done (a bounded range) or
 * {@link #stop()} is called, and throws when it cannot go on. The {@link StageRunner} calls
 * {@code run()} again after a transient failure, so a run must start from durable state (committed
 * offsets, a checkpoint), never from what a failed run left in memory.
 */
public interface Stage {

    /** Runs until done or stopped; returns a one-line summary of what was done. */
    String run() throws Exception;

    /** Asks a running {@link #run()} to return soon (from another thread). */
    void stop();

    /**
     * Whether the stage ends on an interrupt of its thread rather than on {@link #stop()} (sources
     * blocked in I/O). Kafka clients must not be interrupted while they close, so stages built
     * on them say false.
     */
    default boolean stopsByInterrupt() {
        return false;
    }

    /** A stage that is a loop on Kafka clients: {@code loop} runs until {@code stop} ends it (ttp's and llo's pipelines). */
    static Stage loop(Runnable loop, Runnable stop) {
        return new Stage() {
            @Override
            public String run() {
                loop.run();
                return "stopped";
            }

            @Override
            public void stop() {
                stop.run();
            }
        };
    }
}
