package io.quiver.ttp.service;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.KafkaClients;
import io.quiver.memory.ServiceAllocator;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.service.stage.PipelineStage;
import io.quiver.service.stage.StageRunner;
import io.quiver.ttp.pipeline.EventFilter;
import io.quiver.ttp.pipeline.EventRecords;
import io.quiver.ttp.pipeline.LedgerEvents;
import io.quiver.ttp.pipeline.NetworkPassphrases;
import io.quiver.ttp.pipeline.TtpPipeline;
import io.quiver.ttp.tables.LedgerTables;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Runs the exactly-once ttp pipeline as the stage {@code ttp-pipeline}: a transient failure
 * (broker away, a timed-out commit) starts it again from the group's committed offsets after a
 * pause. Metrics: {@code quiver_ttp_ledgers_total}, {@code quiver_ttp_events_total{type}},
 * {@code quiver_ttp_dead_letters_total}, {@code quiver_ttp_output_bytes_total}, gauges
 * {@code quiver_ttp_last_ledger}, {@code quiver_ttp_partitions} (input partitions held) and
 * {@code quiver_ttp_lag_records} (ledger records behind the end of this instance's partitions;
 * -1 while it holds none or does not know yet), both from {@link PipelineStage}.
 */
@ApplicationScoped
public class TtpRunner {

    private static final Logger LOG = Logger.getLogger(TtpRunner.class);

    private final TtpSettings settings;
    private final ArrowKafkaCodec codec;
    private final KafkaClients kafka;
    private final BufferAllocator allocator;
    private final MeterRegistry registry;
    private final AtomicLong lastLedger = new AtomicLong(-1);
    private final PipelineStage stage;

    public TtpRunner(TtpSettings settings, ArrowKafkaCodec codec, KafkaClients kafka, ServiceAllocator allocator,
                     MeterRegistry registry) {
        this.settings = settings;
        this.codec = codec;
        this.kafka = kafka;
        this.allocator = allocator.stage("pipeline", 512L << 20);
        this.registry = registry;
        registry.gauge("quiver.ttp.last.ledger", lastLedger);
        this.stage = new PipelineStage("ttp-pipeline", "quiver.ttp", registry);
    }

    public StageRunner.Status status() {
        return stage.status();
    }

    /** Input partitions held now (0 while the group has given this instance none). */
    public int partitions() {
        return stage.partitions();
    }

    /** Ledger records behind; -1 while unknown (no partition yet). */
    public long lag() {
        return stage.lag();
    }

    static EventFilter filter(TtpSettings.Filter f) {
        return EventFilter.of(f.eventTypes().orElse(List.of()), f.assets().orElse(List.of()), f.accounts().orElse(List.of()),
                f.contracts().orElse(List.of()));
    }

    /** The enabled ledger tables and their topics; "none" (or an unknown name, which fails the start naming it) as written. */
    static Map<LedgerTables.Table, String> tables(TtpSettings.Tables t) {
        Map<LedgerTables.Table, String> out = new EnumMap<>(LedgerTables.Table.class);
        for (String name : t.enabled()) {
            if (name.isBlank() || name.trim().equalsIgnoreCase("none")) {
                continue;
            }
            LedgerTables.Table table = LedgerTables.Table.parse(name);
            out.put(table, switch (table) {
                case TRANSACTIONS -> t.transactionsTopic();
                case OPERATIONS -> t.operationsTopic();
                case INVOCATIONS -> t.invocationsTopic();
            });
        }
        return out;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.consume()) {
            return;
        }
        String instance = settings.instanceId().orElse(UUID.randomUUID().toString());
        EventRecords.Mode output = settings.output();
        if (!output.writesArrow() && (settings.grpc().enabled() || settings.flight().enabled())) {
            LOG.warnf("quiver.ttp.output=rows: gRPC and Flight serve %s, which this instance does not write"
                    + " (output=both writes it as well as the protobufs)", settings.eventsTopic());
        }
        Map<LedgerTables.Table, String> tables = tables(settings.tables());
        TtpPipeline pipeline = new TtpPipeline(new TtpPipeline.Settings(settings.inputTopic(), settings.groupId(), instance, kafka,
                settings.maxPollRecords(), settings.sessionTimeout()), codec, allocator,
                new LedgerEvents(settings.mode() == TtpSettings.Mode.UNIFIED, settings.contractEvents(), filter(settings.filter()),
                        new NetworkPassphrases(settings.networkPassphrases().orElse(List.of())),
                        new LedgerTables(tables.keySet(), settings.tables().rawXdr())),
                new EventRecords(codec, allocator, output,
                        new EventRecords.Topics(settings.eventsTopic(), settings.protoTopic(),
                                settings.contractEvents() ? settings.contractTopic() : null, tables)),
                new TtpPipeline.Listener() {
                    @Override
                    public void committed(int records, long ledgers, List<LedgerEvents.Extracted> extracted, int dead, long bytes) {
                        registry.counter("quiver.ttp.ledgers").increment(ledgers);
                        registry.counter("quiver.ttp.dead.letters").increment(dead);
                        registry.counter("quiver.ttp.output.bytes").increment(bytes);
                        for (var x : extracted) {
                            for (LedgerTables.Table t : tables.keySet()) {
                                registry.counter("quiver.ttp.table.rows", "table", t.name().toLowerCase(Locale.ROOT))
                                        .increment(x.tables().of(t).size());
                            }
                            for (TokenTransferEventRow e : x.events()) {
                                registry.counter("quiver.ttp.events", "type", e.eventType()).increment();
                            }
                            lastLedger.accumulateAndGet(x.last(), Math::max);
                        }
                        stage.progressed();
                    }

                    @Override
                    public void assigned(Collection<TopicPartition> partitions) {
                        stage.progressed();
                    }
                });
        stage.start(pipeline);
        LOG.infof("ttp pipeline %s: %s -> %s (%s, %s output), tables %s, group %s", instance, settings.inputTopic(),
                switch (output) {
                    case ARROW -> settings.eventsTopic();
                    case ROWS -> settings.protoTopic();
                    case BOTH -> settings.eventsTopic() + " + " + settings.protoTopic();
                }, settings.mode(), settings.output(), tables.values(), settings.groupId());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stage.close();
    }
}
