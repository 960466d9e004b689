package io.quiver.service.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** Checks on a service's open topic reads (its {@code ..._open_reads} gauge). */
public final class OpenReads {

    private OpenReads() {
    }

    /** Waits up to 5 s for {@code open} to reach 0, then fails if it has not: a cancelled live read must end. */
    public static void awaitNone(IntSupplier open) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (open.getAsInt() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, open.getAsInt(), "the cancelled live call stopped reading the topic");
    }
}
