package io.quiver.ingest.service;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.ingest.IngestJob;
import io.quiver.ingest.publish.LedgerPublisher;
import io.quiver.ingest.source.LedgerGap;
import io.quiver.ingest.source.LedgerSource;
import io.quiver.kafka.Topics;
import io.quiver.memory.ServiceAllocator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.memory.BufferAllocator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the configured source into the ledgers topic on its own thread, from the instance's
 * checkpoint. A failure stops publishing (readiness turns DOWN with the one-line error); Flight and
 * gRPC go on serving what the topic holds. Metrics: {@code quiver_ingest_ledgers_total},
 * {@code quiver_ingest_xdr_bytes_total}, {@code quiver_ingest_record_bytes_total},
 * {@code quiver_ingest_gaps_total}, gauges {@code quiver_ingest_next_ledger},
 * {@code quiver_ingest_source_latest_ledger} and {@code quiver_ingest_lag_ledgers}.
 */
@ApplicationScoped
public class IngestRunner {

    private static final Logger LOG = Logger.getLogger(IngestRunner.class);

    /** Where the run stands, for the health check. */
    public enum State { IDLE, RUNNING, DONE, FAILED }

    private final IngestSettings settings;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final String bootstrap;
    private final Counter ledgers;
    private final Counter xdrBytes;
    private final Counter recordBytes;
    private final Counter gaps;
    private final AtomicLong nextLedger = new AtomicLong(-1);
    private final AtomicLong sourceLatest = new AtomicLong(-1);
    private volatile State state = State.IDLE;
    private volatile String detail = "no source configured (quiver.ingest.source=none)";
    private Thread thread;
    private ScheduledExecutorService lagPoller;

    public IngestRunner(IngestSettings settings, ArrowKafkaCodec codec, ServiceAllocator allocator, MeterRegistry registry,
                        @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.settings = settings;
        this.codec = codec;
        // a batch of up to batchBytes of XDR, its vectors and encoded copy
        this.allocator = allocator.stage("publish", Math.max(256L << 20, 4 * settings.batchBytes()));
        this.bootstrap = bootstrap;
        this.ledgers = registry.counter("quiver.ingest.ledgers");
        this.xdrBytes = registry.counter("quiver.ingest.xdr.bytes");
        this.recordBytes = registry.counter("quiver.ingest.record.bytes");
        this.gaps = registry.counter("quiver.ingest.gaps");
        registry.gauge("quiver.ingest.next.ledger", nextLedger);
        registry.gauge("quiver.ingest.source.latest.ledger", sourceLatest);
        registry.gauge("quiver.ingest.lag.ledgers", this, r -> r.nextLedger.get() < 0 || r.sourceLatest.get() < 0 ? 0
                : Math.max(0, r.sourceLatest.get() - r.nextLedger.get() + 1));
    }

    public State state() {
        return state;
    }

    public String detail() {
        return detail;
    }

    public long nextLedger() {
        return nextLedger.get();
    }

    void start(@Observes StartupEvent event) {
        if (settings.source().equals("none")) {
            LOG.info("quiver.ingest.source=none: not publishing; Flight and gRPC serve the topic");
            return;
        }
        state = State.RUNNING;
        detail = "starting " + settings.source();
        thread = new Thread(this::run, "ingest-" + settings.instanceId());
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (lagPoller != null) {
            lagPoller.shutdownNow();
        }
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private void run() {
        Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrap);
        try (LedgerSource source = LedgerSourceFactory.create(settings)) {
            detail = "publishing " + source.describe() + " to " + settings.topic() + " from "
                    + (settings.startLedger().isPresent() ? "ledger " + settings.startLedger().getAsLong() + " or " : "")
                    + "the checkpoint" + (settings.endLedger().isPresent() ? " to ledger " + settings.endLedger().getAsLong()
                    : ", following the tip");
            LOG.info(detail);
            startLagPoller(source);
            IngestJob job = new IngestJob(new IngestJob.Settings(settings.instanceId(), settings.startLedger(),
                    settings.endLedger(), settings.topic(),
                    settings.batchBytes(), settings.batchMaxLedgers(), kafka), codec, allocator, new Metrics());
            IngestJob.Outcome outcome = job.run(source);
            outcome.resumedFrom().ifPresent(r -> LOG.infof("resumed from checkpoint: ledger %d", r));
            nextLedger.set(outcome.next());
            state = State.DONE;
            detail = outcome.nothingToDo() ? "the range was already published (checkpoint at " + outcome.next() + ")"
                    : "published ledgers up to " + (outcome.next() - 1);
            LOG.info(detail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = State.DONE;
            detail = "stopped";
        } catch (Exception e) {
            state = State.FAILED;
            detail = oneLine(e);
            LOG.error("ingest stopped: " + detail);
        } finally {
            if (lagPoller != null) {
                lagPoller.shutdownNow();
            }
        }
    }

    private void startLagPoller(LedgerSource source) {
        lagPoller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-lag");
            t.setDaemon(true);
            return t;
        });
        lagPoller.scheduleWithFixedDelay(() -> {
            try {
                sourceLatest.set(source.latestLedger());
            } catch (Exception e) {
                LOG.debugf("source tip unknown: %s", e.getMessage());
            }
        }, 0, settings.lagInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Metrics implements LedgerPublisher.Listener {
        @Override
        public void committed(int n, long xdr, long bytes, long next) {
            ledgers.increment(n);
            xdrBytes.increment(xdr);
            recordBytes.increment(bytes);
            nextLedger.set(next);
        }

        @Override
        public void gap(LedgerGap gap) {
            gaps.increment();
            LOG.warnf("skipped ledgers %d..%d: %s: %s (gap recorded on %s)", gap.first(), gap.last(), gap.object(),
                    gap.reason(), Topics.deadLetterOf(settings.topic()));
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }
}
