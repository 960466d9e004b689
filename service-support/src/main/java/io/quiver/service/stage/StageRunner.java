package io.quiver.service.stage;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

/**
 * The one way a service runs a stage: on its own thread, started again after a transient failure
 * (pauses from {@code minBackoff} doubling up to {@code maxBackoff}, for as long as it takes),
 * stopped for good on a permanent one, with its state and reason for readiness and metrics.
 * It logs one line per change of state or reason, not one per attempt.
 *
 * <p>Metrics: {@code quiver_stage_state{stage}} (the ordinal of {@link StageState}: 0 off,
 * 1 running, 2 retrying, 3 failed, 4 done) and {@code quiver_stage_restarts_total{stage}}.
 */
public final class StageRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StageRunner.class);

    /** A stage's status: its state, since when, and the last reason (null while all is well). */
    public record Status(StageState state, Instant since, String reason, long restarts) {
    }

    private final String name;
    private final Stage stage;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Counter restartCounter;
    private final AtomicLong restarts = new AtomicLong();
    private volatile Status status;
    /** Counted down by {@link #close()}: ends a retry pause at once. */
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile long pauseMillis;
    private Thread thread;

    public StageRunner(String name, Stage stage, Duration minBackoff, Duration maxBackoff, MeterRegistry registry) {
        this.name = name;
        this.stage = stage;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.status = new Status(StageState.OFF, Instant.now(), null, 0);
        Gauge.builder("quiver.stage.state", this, r -> r.status.state().ordinal()).tag("stage", name)
                .description("0 off, 1 running, 2 retrying, 3 failed, 4 done").register(registry);
        this.restartCounter = Counter.builder("quiver.stage.restarts").tag("stage", name)
                .description("runs started again after a transient failure").register(registry);
    }

    /** A runner with pauses of 1 s doubling up to 30 s. */
    public StageRunner(String name, Stage stage, MeterRegistry registry) {
        this(name, stage, Duration.ofSeconds(1), Duration.ofSeconds(30), registry);
    }

    public String name() {
        return name;
    }

    public Status status() {
        return status;
    }

    /** Starts the stage's thread (once). */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("stage " + name + " already started");
        }
        set(StageState.RUNNING, null);
        thread = new Thread(this::loop, name);
        thread.start();
    }

    private void loop() {
        pauseMillis = minBackoff.toMillis();
        while (!stopping()) {
            try {
                String summary = stage.run();
                set(StageState.DONE, null);
                if (!stopping()) {
                    LOG.infof("stage %s done: %s", name, summary);
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable e) {
                if (stopping()) {
                    break;
                }
                String reason = oneLine(e);
                if (FailureKind.of(e) == FailureKind.PERMANENT) {
                    set(StageState.FAILED, reason);
                    LOG.errorf("stage %s stopped: %s", name, reason);
                    return;
                }
                boolean changed = status.state() != StageState.RETRYING || !sameCause(status.reason(), reason);
                set(StageState.RETRYING, reason);
                if (changed) {
                    LOG.warnf("stage %s: %s; retrying every %d s at most until it succeeds", name, reason, maxBackoff.toSeconds());
                } else {
                    LOG.debugf("stage %s still failing: %s", name, reason);
                }
                if (!sleep(pauseMillis)) {
                    break;
                }
                pauseMillis = Math.min(maxBackoff.toMillis(), pauseMillis * 2);
                restarts.incrementAndGet();
                restartCounter.increment();
                // RETRYING (readiness DOWN) stays until the new run reports progress
            }
        }
        set(StageState.DONE, "stopped");
    }

    /**
     * Called (from the stage's thread) whenever the stage makes progress: its clients are
     * connected, a transaction committed, partitions assigned. After a failure this is what brings
     * readiness back.
     */
    public void progressed() {
        Status s = status;
        if (s.state() == StageState.RETRYING) {
            LOG.infof("stage %s running again after: %s", name, s.reason());
            pauseMillis = minBackoff.toMillis();
            set(StageState.RUNNING, null);
        }
    }

    private boolean stopping() {
        return closed.getCount() == 0;
    }

    private void set(StageState state, String reason) {
        status = new Status(state, Instant.now(), reason, restarts.get());
    }

    /** Pauses before the next attempt; false when the runner is closed meanwhile. */
    private boolean sleep(long millis) {
        try {
            return !closed.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Two reasons have the same cause when they start alike (the first 40 characters), so a counter in a message does not make a new line. */
    private static boolean sameCause(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return a.regionMatches(0, b, 0, Math.min(40, Math.min(a.length(), b.length())));
    }

    /** Stops the stage and waits for its thread: at most 30 s in all. */
    @Override
    public void close() throws InterruptedException {
        closed.countDown();
        stage.stop();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            if (!stage.stopsByInterrupt()) {
                // a loop on Kafka clients ends on stop(); one blocked in a client call (initTransactions
                // against an absent broker waits up to a minute) is interrupted after 10 s
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(20));
        }
    }

    /** The message of {@code e} on one line, with its class when that says more than the message. */
    public static String oneLine(Throwable e) {
        Throwable root = e;
        String m = e.getMessage();
        if (m == null && e.getCause() != null) {
            root = e.getCause();
            m = root.getMessage();
        }
        String text = root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
