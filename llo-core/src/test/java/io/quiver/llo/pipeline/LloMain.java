package io.quiver.llo.pipeline;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.KafkaClients;
import org.apache.arrow.memory.RootAllocator;

/**
 * An LLO pipeline in its own JVM, so a test can SIGKILL it mid-stream. Args: bootstrap input
 * aggregates reports group instance. Prints {@code assigned N} when it has its partitions and
 * {@code committed N} (rounds published so far) after each transaction.
 */
public final class LloMain {

    public static void main(String[] a) {
        try (RootAllocator allocator = new RootAllocator()) {
            int[] published = {0};
            new LloPipeline(LloPipelineTest.settings(KafkaClients.plaintext(a[0]), a[1], a[4], a[5]), ArrowKafkaCodec.defaults(),
                    allocator, LloPipelineTest.output(a[2], a[3]), new LloPipeline.Listener() {
                        @Override
                        public void committed(int p, int failed, int dead, int open) {
                            published[0] += p;
                            System.out.println("committed " + published[0]);
                        }

                        @Override
                        public void assigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                            System.out.println("assigned " + partitions.size());
                        }
                    }).run();
        }
    }

    private LloMain() {
    }
}
