package io.quiver.sink.lake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.GroupPipeline;
import io.quiver.kafka.KafkaClients;
import io.quiver.lake.format.WriterOptions;
import io.quiver.lake.sink.LakeSink;
import io.quiver.lake.sink.LakeSinkOptions;
import io.quiver.lake.sink.LakeUnavailableException;
import io.quiver.lake.store.LakeStore;
import io.quiver.lake.table.LakeTables;
import io.quiver.lake.table.PartitionKey;
import io.quiver.lake.table.TableSpec;
import io.quiver.memory.ServiceAllocator;
import io.quiver.service.stage.PipelineStage;
import io.quiver.service.stage.StageRetryException;
import io.quiver.service.stage.StageRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.memory.BufferAllocator;
import org.jboss.logging.Logger;

/**
 * Runs lake-core's exactly-once {@link LakeSink} as the stage {@code lake-sink}: the configured
 * topics to the lake. A full or unreachable lake is transient (readiness DOWN with the reason, a new
 * run from the manifest after a back-off), so the sink resumes by itself when space returns.
 */
@ApplicationScoped
public class LakeSinkService {

    private static final Logger LOG = Logger.getLogger(LakeSinkService.class);

    private final SinkSettings settings;
    private final ArrowKafkaCodec codec;
    private final KafkaClients kafka;
    private final BufferAllocator allocator;
    private final MeterRegistry registry;
    private final PipelineStage stage;
    private final LakeAccess lake;

    public LakeSinkService(SinkSettings settings, ArrowKafkaCodec codec, KafkaClients kafka, ServiceAllocator allocator,
                           MeterRegistry registry, LakeAccess lake) {
        this.settings = settings;
        this.codec = codec;
        this.kafka = kafka;
        this.allocator = allocator.stage("lake", Long.MAX_VALUE);
        this.registry = registry;
        this.lake = lake;
        this.stage = new PipelineStage("lake-sink", "quiver.lake", registry);
    }

    public StageRunner.Status status() {
        return stage.status();
    }

    public int partitions() {
        return stage.partitions();
    }

    public long lag() {
        return stage.lag();
    }

    /** The configured tables with their overrides. */
    public static List<TableSpec> tables(SinkSettings s) {
        List<TableSpec> out = new ArrayList<>();
        for (String name : s.tables()) {
            TableSpec t = LakeTables.byName(name.trim());
            SinkSettings.TableOverride o = s.table().get(t.name());
            if (o != null) {
                if (o.partitionBy().isPresent()) {
                    t = t.withPartitionBy(o.partitionBy().get().stream().filter(k -> !k.isBlank()).map(PartitionKey::parse).toList());
                }
                if (o.excludeColumns().isPresent()) {
                    t = t.withExcluded(Set.copyOf(o.excludeColumns().get()));
                }
                if (o.topic().isPresent()) {
                    t = t.withTopic(o.topic().get());
                }
            }
            out.add(t);
        }
        return out;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            return;
        }
        List<TableSpec> tables = tables(settings);
        WriterOptions writer = new WriterOptions(settings.codec(), settings.rowGroupRows(), 64L << 20, 1 << 20);
        LakeSinkOptions options = new LakeSinkOptions(tables, settings.format(), writer, settings.targetFileBytes(),
                settings.maxFileRows(), settings.maxFileAge(), settings.maxOpenFiles(), settings.maxBufferedBytes(),
                settings.groupId(), settings.instanceId(), settings.orphanAge());
        stage.start(new LakeStage(options));
        LOG.infof("lake sink %s: %s -> %s as %s (%s), group %s", settings.instanceId(),
                tables.stream().map(t -> t.topic() + "=" + t.name()).toList(), settings.lake(), settings.format(),
                settings.codec(), settings.groupId());
    }

    /**
     * The sink as the stage runs it. The lake is opened by the first run, not at start-up, so a lake
     * that cannot be reached or written yet (a folder on a read-only or missing mount, S3 away) is
     * readiness DOWN with the reason and retried like a full disk, not a service that fails to start.
     */
    private final class LakeStage implements GroupPipeline {
        private final LakeSinkOptions options;
        private volatile LakeSink sink;
        private volatile boolean stopped;

        LakeStage(LakeSinkOptions options) {
            this.options = options;
        }

        @Override
        public void run() {
            try {
                if (sink == null) {
                    LakeStore store;
                    try {
                        store = lake.store();
                    } catch (IOException e) {
                        throw new StageRetryException("lake " + settings.lake() + " cannot be opened: " + e.getMessage(), e);
                    }
                    sink = new LakeSink(options, kafka, codec, allocator, store, registry, stage::progressed);
                    if (stopped) {
                        sink.stop();
                    }
                }
                sink.run();
            } catch (LakeUnavailableException e) {
                throw new StageRetryException(e.getMessage(), e);
            }
        }

        @Override
        public void stop() {
            stopped = true;
            LakeSink s = sink;
            if (s != null) {
                s.stop();
            }
        }

        @Override
        public int partitions() {
            LakeSink s = sink;
            return s == null ? 0 : s.partitions();
        }

        @Override
        public long lag() {
            LakeSink s = sink;
            return s == null ? -1 : s.lag();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stage.close();
    }
}
