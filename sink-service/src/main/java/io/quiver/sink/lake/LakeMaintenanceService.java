package io.quiver.sink.lake;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.lake.maintenance.LakeMaintenance;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.store.LakeStore;
import io.quiver.lake.table.TableSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Compacts closed partitions and removes expired ones every {@code quiver.sink.maintenance-interval}.
 * A partition is closed once the table holds records an hour newer than its newest. Several
 * instances may run it: a pass that loses the race commits nothing. Metrics
 * {@code quiver_lake_compactions_total{table}}, {@code quiver_lake_expired_partitions_total{table}}.
 */
@ApplicationScoped
public class LakeMaintenanceService {

    private static final Logger LOG = Logger.getLogger(LakeMaintenanceService.class);
    private static final long QUIET_MICROS = Duration.ofHours(1).toNanos() / 1000;

    private final SinkSettings settings;
    private final MeterRegistry registry;
    private ScheduledExecutorService timer;
    private final LakeAccess lake;

    public LakeMaintenanceService(SinkSettings settings, MeterRegistry registry, LakeAccess lake) {
        this.settings = settings;
        this.registry = registry;
        this.lake = lake;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.enabled() || settings.maintenanceInterval().isZero()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "lake-maintenance"));
        long every = settings.maintenanceInterval().toMillis();
        timer.scheduleWithFixedDelay(this::pass, every, every, TimeUnit.MILLISECONDS);
    }

    /** One pass over every table; a failure is logged and the next pass tries again. */
    void pass() {
        LakeStore store;
        try {
            store = lake.store();
        } catch (java.io.IOException e) {
            LOG.warnf("lake maintenance: %s cannot be opened, tried again next pass: %s", settings.lake(), e.getMessage());
            return;
        }
        LakeMaintenance m = new LakeMaintenance(new Manifest(store, settings.instanceId() + ".maint"));
        for (TableSpec t : LakeSinkService.tables(settings)) {
            try {
                LakeMaintenance.Result c = m.compact(t.name(), settings.targetFileBytes(), QUIET_MICROS);
                if (c.filesOut() > 0) {
                    Counter.builder("quiver.lake.compactions").tag("table", t.name()).description("Files merged by compaction")
                            .register(registry).increment(c.filesOut());
                }
                if (settings.retentionDays() > 0) {
                    long cutoff = (System.currentTimeMillis() - Duration.ofDays(settings.retentionDays()).toMillis()) * 1000;
                    LakeMaintenance.Result e = m.expire(t.name(), cutoff);
                    if (e.partitions() > 0) {
                        Counter.builder("quiver.lake.expired.partitions").tag("table", t.name())
                                .description("Partitions removed past retention").register(registry).increment(e.partitions());
                    }
                }
            } catch (Exception e) {
                LOG.warnf("lake maintenance of %s at %s failed, tried again next pass: %s", t.name(), store.location(), e.toString());
            }
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
