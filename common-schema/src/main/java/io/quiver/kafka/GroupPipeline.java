package io.quiver.kafka;

/**
 * A read-process-write loop in a consumer group (ttp's and llo's pipelines): {@link #run()} reads
 * from the committed offsets until {@link #stop()}, and says how much of the input it holds.
 */
public interface GroupPipeline extends Runnable {

    /** Asks {@link #run()} to finish its current transaction and return (from another thread). */
    void stop();

    /** Input partitions the group gave this instance now. */
    int partitions();

    /** Input records behind the end of those partitions; -1 while it holds none or does not know yet. */
    long lag();
}
