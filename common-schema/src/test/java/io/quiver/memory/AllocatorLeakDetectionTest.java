package io.quiver.memory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Proves the leak check bites: a test that forgets a buffer fails; one that closes it passes. */
class AllocatorLeakDetectionTest {

    /** Run only through the test kit below (a static nested class is not discovered on its own). */
    @ExtendWith(ArrowAllocatorExtension.class)
    static class LeakingExamples {
        @Test
        void forgetsABuffer(BufferAllocator allocator) {
            ArrowBuf buf = allocator.buffer(1024);
            buf.setInt(0, 42); // never closed
        }

        @Test
        void forgetsAVector(BufferAllocator allocator) {
            IntVector v = new IntVector("x", allocator);
            v.allocateNew(100); // never closed
        }

        @Test
        void closesWhatItAllocates(BufferAllocator allocator) {
            try (ArrowBuf buf = allocator.buffer(1024)) {
                buf.setInt(0, 42);
            }
        }
    }

    @Test
    void aDeliberatelyUnreleasedBufferMakesTheTestFail() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(LeakingExamples.class))
                .execute()
                .testEvents()
                .assertStatistics(s -> s.started(3).succeeded(1).failed(2))
                .failed()
                .assertThatEvents()
                .allMatch(e -> finishedWithFailure(message(m -> m.contains("Arrow memory leak"))).matches(e));
    }
}
