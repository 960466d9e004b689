package io.quiver.kafka;

import java.util.OptionalLong;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

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

    /** {@link #lag()} as {@code consumer} knows it after its last poll: -1 with no partition or one whose lag is not known yet. */
    static long lagOf(Consumer<?, ?> consumer) {
        if (consumer.assignment().isEmpty()) {
            return -1;
        }
        long total = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isEmpty()) {
                return -1;
            }
            total += l.getAsLong();
        }
        return total;
    }
}
