package io.quiver.ingest.service;

import java.util.Locale;
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
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.Topics;
import io.quiver.memory.ServiceAllocator;
import io.quiver.service.stage.Stage;
import io.quiver.service.stage.StageRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.memory.BufferAllocator;
import org.jboss.logging.Logger;

/**
 * Runs the configured source into the ledgers topic as the stage {@code ingest}, from the
 * instance's checkpoint: a transient failure (broker away, a timed-out commit) starts the run
 * again from the checkpoint after a pause, so the topic stays contiguous; a permanent one (a
 * corrupt object under {@code on-corrupt=stop}, storage errors after their retries) stops it, and
 * readiness turns DOWN with the one-line reason. Flight and gRPC go on serving what the topic
 * holds. Metrics: {@code quiver_ingest_ledgers_total}, {@code quiver_ingest_xdr_bytes_total},
 * {@code quiver_ingest_record_bytes_total}, {@code quiver_ingest_gaps_total}, gauges
 * {@code quiver_ingest_next_ledger}, {@code quiver_ingest_source_latest_ledger} and
 * {@code quiver_ingest_lag_ledgers}.
 */
@ApplicationScoped
public class IngestRunner {

    private static final Logger LOG = Logger.getLogger(IngestRunner.class);

    private final IngestSettings settings;
    private final ArrowKafkaCodec codec;
    private final KafkaClients kafka;
    private final BufferAllocator allocator;
    private final Counter ledgers;
    private final Counter xdrBytes;
    private final Counter recordBytes;
    private final Counter gaps;
    private final AtomicLong nextLedger = new AtomicLong(-1);
    private final AtomicLong sourceLatest = new AtomicLong(-1);
    private final StageRunner runner;
    private volatile LedgerSource source;
    private volatile String detail = "no source configured (quiver.ingest.source=none)";
    private ScheduledExecutorService lagPoller;

    public IngestRunner(IngestSettings settings, ArrowKafkaCodec codec, KafkaClients kafka, ServiceAllocator allocator,
                        MeterRegistry registry) {
        this.settings = settings;
        this.codec = codec;
        this.kafka = kafka;
        // a batch of up to batchBytes of XDR, its vectors and encoded copy
        this.allocator = allocator.stage("publish", Math.max(256L << 20, 4 * settings.batchBytes()));
        this.ledgers = registry.counter("quiver.ingest.ledgers");
        this.xdrBytes = registry.counter("quiver.ingest.xdr.bytes");
        this.recordBytes = registry.counter("quiver.ingest.record.bytes");
        this.gaps = registry.counter("quiver.ingest.gaps");
        registry.gauge("quiver.ingest.next.ledger", nextLedger);
        registry.gauge("quiver.ingest.source.latest.ledger", sourceLatest);
        registry.gauge("quiver.ingest.lag.ledgers", this, r -> r.nextLedger.get() < 0 || r.sourceLatest.get() < 0 ? 0
                : Math.max(0, r.sourceLatest.get() - r.nextLedger.get() + 1));
        this.runner = new StageRunner("ingest", new Publishing(), registry);
    }

    public StageRunner.Status status() {
        return runner.status();
    }

    public String detail() {
        return detail;
    }

    public long nextLedger() {
        return nextLedger.get();
    }

    void start(@Observes StartupEvent event) {
        if (settings.source() == IngestSettings.Source.NONE) {
            LOG.info("quiver.ingest.source=none: not publishing; Flight and gRPC serve the topic");
            return;
        }
        detail = "starting " + settings.source().name().toLowerCase(Locale.ROOT);
        startLagPoller();
        runner.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (lagPoller != null) {
            lagPoller.shutdownNow();
        }
        runner.close();
    }

    /** One run: open the source, publish from the checkpoint until the range ends (or for ever). */
    private final class Publishing implements Stage {
        @Override
        public String run() throws Exception {
            try (LedgerSource s = LedgerSourceFactory.create(settings)) {
                source = s;
                detail = "publishing " + s.describe() + " to " + settings.topic() + " from "
                        + (settings.startLedger().isPresent() ? "ledger " + settings.startLedger().getAsLong() + " or " : "")
                        + "the checkpoint" + (settings.endLedger().isPresent() ? " to ledger " + settings.endLedger().getAsLong()
                        : ", following the tip");
                LOG.info(detail);
                IngestJob job = new IngestJob(new IngestJob.Settings(settings.instanceId(), settings.startLedger(),
                        settings.endLedger(), settings.topic(), settings.batchBytes(), settings.batchMaxLedgers(), kafka), codec,
                        allocator, new Metrics());
                IngestJob.Outcome outcome = job.run(s);
                outcome.resumedFrom().ifPresent(r -> LOG.infof("resumed from checkpoint: ledger %d", r));
                nextLedger.set(outcome.next());
                detail = outcome.nothingToDo() ? "the range was already published (checkpoint at " + outcome.next() + ")"
                        : "published ledgers up to " + (outcome.next() - 1);
                return detail;
            } finally {
                source = null;
            }
        }

        @Override
        public void stop() {
            // the runner interrupts the thread: sources and the publisher end on interruption
        }

        @Override
        public boolean stopsByInterrupt() {
            return true;
        }
    }

    private void startLagPoller() {
        lagPoller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-lag");
            t.setDaemon(true);
            return t;
        });
        lagPoller.scheduleWithFixedDelay(() -> {
            LedgerSource s = source;
            if (s == null) {
                return;
            }
            try {
                sourceLatest.set(s.latestLedger());
            } catch (Exception e) {
                LOG.debugf("source tip unknown: %s", e.getMessage());
            }
        }, 0, settings.lagInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Metrics implements LedgerPublisher.Listener {
        @Override
        public void connected() {
            runner.progressed();
        }

        @Override
        public void committed(int n, long xdr, long bytes, long next) {
            ledgers.increment(n);
            xdrBytes.increment(xdr);
            recordBytes.increment(bytes);
            nextLedger.set(next);
            runner.progressed();
        }

        @Override
        public void gap(LedgerGap gap) {
            gaps.increment();
            LOG.warnf("skipped ledgers %d..%d: %s: %s (gap recorded on %s)", gap.first(), gap.last(), gap.object(),
                    gap.reason(), Topics.deadLetterOf(settings.topic()));
        }
    }
}
