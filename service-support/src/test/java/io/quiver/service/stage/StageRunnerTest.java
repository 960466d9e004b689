package io.quiver.service.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class StageRunnerTest {

    private static void await(StageRunner r, StageState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (r.status().state() != state && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(state, r.status().state(), String.valueOf(r.status().reason()));
    }

    @Test
    void aTransientFailureIsRetriedWithReadinessDownAndTheReasonUntilTheStageProgressesAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch stop = new CountDownLatch(1);
        StageRunner[] runner = new StageRunner[1];
        runner[0] = new StageRunner("t", new Stage() {
            @Override
            public String run() throws Exception {
                if (attempts.incrementAndGet() <= 2) {
                    throw new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)");
                }
                runner[0].progressed();
                stop.await();
                return "done";
            }

            @Override
            public void stop() {
                stop.countDown();
            }
        }, Duration.ofMillis(20), Duration.ofMillis(40), new SimpleMeterRegistry());
        runner[0].start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (attempts.get() < 3 && System.nanoTime() < deadline) {
            assertTrue(runner[0].status().state() != StageState.FAILED);
            Thread.sleep(5);
        }
        await(runner[0], StageState.RUNNING);
        assertEquals(2, runner[0].status().restarts());
        runner[0].close();
        assertEquals(StageState.DONE, runner[0].status().state());
    }

    @Test
    void aPermanentFailureStopsTheStageWithTheReason() throws Exception {
        StageRunner r = new StageRunner("p", new Stage() {
            @Override
            public String run() {
                throw new ProducerFencedException("There is a newer producer with the same transactionalId");
            }

            @Override
            public void stop() {
            }
        }, new SimpleMeterRegistry());
        r.start();
        await(r, StageState.FAILED);
        assertTrue(r.status().reason().startsWith("ProducerFencedException: There is a newer producer"), r.status().reason());
        assertTrue(!r.status().state().ready());
        r.close();
    }

    @Test
    void failuresOfTheClustersAreTransientAndOthersPermanent() {
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new SaslAuthenticationException("Authentication failed")));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new java.io.IOException("cannot create checkpoint topic",
                new java.util.concurrent.ExecutionException(new TimeoutException("Timed out waiting for a node assignment")))));
        IllegalStateException abortAfterTimeout = new IllegalStateException("Cannot attempt operation `abortTransaction`");
        abortAfterTimeout.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.apache.kafka.clients.producer.internals.TransactionManager", "abort", "x", 1)});
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(abortAfterTimeout));
        assertEquals(FailureKind.PERMANENT, FailureKind.of(new IllegalArgumentException("quiver.ingest.datalake.location is required")));
        assertEquals(FailureKind.PERMANENT, FailureKind.of(new ProducerFencedException("fenced")));
    }
}
