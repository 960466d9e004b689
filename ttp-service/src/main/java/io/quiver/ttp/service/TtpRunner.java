package io.quiver.ttp.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.memory.ServiceAllocator;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.ttp.pipeline.EventFilter;
import io.quiver.ttp.pipeline.EventRecords;
import io.quiver.ttp.pipeline.LedgerEvents;
import io.quiver.ttp.pipeline.NetworkPassphrases;
import io.quiver.ttp.pipeline.TtpPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.memory.BufferAllocator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the exactly-once ttp pipeline on its own thread. Metrics: {@code quiver_ttp_ledgers_total},
 * {@code quiver_ttp_events_total{type}}, {@code quiver_ttp_dead_letters_total},
 * {@code quiver_ttp_output_bytes_total}, gauges {@code quiver_ttp_last_ledger} and
 * {@code quiver_ttp_lag_records} (ledger records behind the end of this instance's partitions).
 */
@ApplicationScoped
public class TtpRunner {

    private static final Logger LOG = Logger.getLogger(TtpRunner.class);

    private final TtpSettings settings;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final String bootstrap;
    private final MeterRegistry registry;
    private final AtomicLong lastLedger = new AtomicLong(-1);
    private volatile TtpPipeline pipeline;
    private Thread thread;
    private volatile String failure;

    public TtpRunner(TtpSettings settings, ArrowKafkaCodec codec, ServiceAllocator allocator, MeterRegistry registry,
                     @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.settings = settings;
        this.codec = codec;
        this.allocator = allocator.stage("pipeline", 512L << 20);
        this.bootstrap = bootstrap;
        this.registry = registry;
        registry.gauge("quiver.ttp.last.ledger", lastLedger);
        registry.gauge("quiver.ttp.lag.records", this, r -> r.pipeline == null ? 0 : Math.max(0, r.pipeline.lag()));
    }

    /** Null while the pipeline runs (or is off); the one-line error that stopped it otherwise. */
    public String failure() {
        return failure;
    }

    public boolean running() {
        return thread != null && thread.isAlive();
    }

    static EventFilter filter(TtpSettings.Filter f) {
        return EventFilter.of(f.eventTypes().orElse(List.of()), f.assets().orElse(List.of()), f.accounts().orElse(List.of()),
                f.contracts().orElse(List.of()));
    }

    void start(@Observes StartupEvent event) {
        if (!settings.consume()) {
            return;
        }
        String instance = settings.instanceId().orElse(UUID.randomUUID().toString());
        EventRecords.Mode output = EventRecords.Mode.parse(settings.output());
        if (!output.writesArrow() && (settings.grpc().enabled() || settings.flight().enabled())) {
            LOG.warnf("quiver.ttp.output=rows: gRPC and Flight serve %s, which this instance does not write"
                    + " (output=both writes it as well as the protobufs)", settings.eventsTopic());
        }
        boolean unified = switch (settings.mode()) {
            case "derived" -> false;
            case "unified" -> true;
            default -> throw new IllegalArgumentException("quiver.ttp.mode is '" + settings.mode() + "': expected derived or unified");
        };
        pipeline = new TtpPipeline(new TtpPipeline.Settings(settings.inputTopic(), settings.groupId(), instance,
                Map.of("bootstrap.servers", bootstrap, "session.timeout.ms", (int) settings.sessionTimeout().toMillis(),
                        "heartbeat.interval.ms", (int) settings.sessionTimeout().toMillis() / 3), settings.maxPollRecords()), codec, allocator,
                new LedgerEvents(unified, settings.contractEvents(), filter(settings.filter()),
                        new NetworkPassphrases(settings.networkPassphrases().orElse(List.of()))),
                new EventRecords(codec, allocator, output,
                        new EventRecords.Topics(settings.eventsTopic(), settings.protoTopic(),
                                settings.contractEvents() ? settings.contractTopic() : null)),
                (records, ledgers, extracted, dead, bytes) -> {
                    registry.counter("quiver.ttp.ledgers").increment(ledgers);
                    registry.counter("quiver.ttp.dead.letters").increment(dead);
                    registry.counter("quiver.ttp.output.bytes").increment(bytes);
                    for (var x : extracted) {
                        for (TokenTransferEventRow e : x.events()) {
                            registry.counter("quiver.ttp.events", "type", e.eventType()).increment();
                        }
                        lastLedger.accumulateAndGet(x.last(), Math::max);
                    }
                });
        thread = new Thread(() -> {
            try {
                pipeline.run();
            } catch (RuntimeException e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
                LOG.error("ttp pipeline stopped: " + failure);
            }
        }, "ttp-pipeline");
        thread.start();
        LOG.infof("ttp pipeline %s: %s -> %s (%s, %s output), group %s", instance, settings.inputTopic(),
                switch (output) {
                    case ARROW -> settings.eventsTopic();
                    case ROWS -> settings.protoTopic();
                    case BOTH -> settings.eventsTopic() + " + " + settings.protoTopic();
                }, settings.mode(), settings.output(), settings.groupId());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (pipeline != null) {
            pipeline.stop();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
