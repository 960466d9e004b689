package io.quiver.llo.pipeline;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.KafkaClients;
import org.apache.arrow.memory.RootAllocator;

/**
 * An LLO pipeline in its own JVM, so a test can SIGKILL it mid-stream. Args: bootstrap input
 * aggregates reports group instance. Prints {@code committed N} (rounds published so far) after each
 * transaction.
 */
public final class LloMain {

    public static void main(String[] a) {
        try (RootAllocator allocator = new RootAllocator()) {
            int[] published = {0};
            new LloPipeline(LloPipelineTest.settings(KafkaClients.plaintext(a[0]), a[1], a[4], a[5]), ArrowKafkaCodec.defaults(),
                    allocator, LloPipelineTest.output(a[2], a[3]), (p, failed, dead, open) -> {
                        published[0] += p;
                        System.out.println("committed " + published[0]);
                    }).run();
        }
    }

    private LloMain() {
    }
}
