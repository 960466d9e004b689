package io.quiver.llo.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.KafkaClients;
import io.quiver.llo.json.MalformedRoundException;
import io.quiver.llo.json.RoundJson;
import io.quiver.llo.pipeline.LloPipeline;
import io.quiver.llo.pipeline.RoundRecords;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.memory.ServiceAllocator;
import io.quiver.service.stage.PipelineStage;
import io.quiver.service.stage.StageRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Observations in, aggregates out: runs llo-core's exactly-once {@link LloPipeline} as the stage
 * {@code llo-rounds} ({@code llo.observations.v1} -> {@code llo.aggregates.v1} and
 * {@code llo.reports.v1}); a transient failure starts it again from the committed offsets.
 * Metrics: {@code quiver_llo_rounds_total{result=published|failed}},
 * {@code quiver_llo_dead_letters_total}, gauges {@code quiver_llo_open_rounds},
 * {@code quiver_llo_partitions}, {@code quiver_llo_lag_records}.
 */
@ApplicationScoped
public class LloRoundService {

    private static final Logger LOG = Logger.getLogger(LloRoundService.class);

    private final LloSettings settings;
    private final ArrowKafkaCodec codec;
    private final KafkaClients kafka;
    private final BufferAllocator roundAllocator;
    private final Counter roundsPublished;
    private final Counter roundsFailed;
    private final Counter deadLetters;
    private final AtomicInteger openRounds = new AtomicInteger();
    private final PipelineStage stage;

    public LloRoundService(LloSettings settings, ArrowKafkaCodec codec, KafkaClients kafka, ServiceAllocator allocator,
                           MeterRegistry registry) {
        this.settings = settings;
        this.codec = codec;
        this.kafka = kafka;
        this.roundAllocator = allocator.stage("rounds", settings.roundMemoryLimitBytes());
        this.roundsPublished = registry.counter("quiver.llo.rounds", "result", "published");
        this.roundsFailed = registry.counter("quiver.llo.rounds", "result", "failed");
        this.deadLetters = registry.counter("quiver.llo.dead.letters");
        registry.gauge("quiver.llo.open.rounds", openRounds);
        this.stage = new PipelineStage("llo-rounds", "quiver.llo", registry);
    }

    public StageRunner.Status status() {
        return stage.status();
    }

    public int partitions() {
        return stage.partitions();
    }

    void start(@Observes StartupEvent event) throws IOException, MalformedRoundException {
        List<ChannelDefinition> channels = List.of();
        if (settings.channelsFile().isPresent()) {
            try (InputStream in = Files.newInputStream(settings.channelsFile().get())) {
                channels = RoundJson.parseChannels(in);
            } catch (MalformedRoundException e) {
                throw new MalformedRoundException(settings.channelsFile().get() + ": " + e.getMessage());
            }
            LOG.infof("loaded %d channel definitions from %s", channels.size(), settings.channelsFile().get());
        } else {
            LOG.warn("no quiver.llo.channels-file: no stream is aggregated until channels are configured");
        }
        if (!settings.consume()) {
            return;
        }
        String instance = settings.instanceId().orElse(UUID.randomUUID().toString());
        LloPipeline pipeline = new LloPipeline(new LloPipeline.Settings(settings.inputTopic(), settings.groupId(), instance, kafka,
                settings.nodes(), settings.roundTimeout(), settings.sessionTimeout()), codec, roundAllocator,
                new RoundRecords.Settings(settings.aggregatesTopic(), settings.reportsTopic(), settings.f(), channels,
                        settings.serverUrl(), HexFormat.of().parseHex(settings.configDigest())),
                new LloPipeline.Listener() {
                    @Override
                    public void committed(int published, int failed, int dead, int open) {
                        roundsPublished.increment(published);
                        roundsFailed.increment(failed);
                        deadLetters.increment(dead);
                        openRounds.set(open);
                        stage.progressed();
                    }

                    @Override
                    public void assigned(Collection<TopicPartition> partitions) {
                        stage.progressed();
                    }
                });
        stage.start(pipeline);
        LOG.infof("llo pipeline %s: %s -> %s + %s, group %s, %d nodes per round, timeout %s", instance, settings.inputTopic(),
                settings.aggregatesTopic(), settings.reportsTopic(), settings.groupId(), settings.nodes(), settings.roundTimeout());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stage.close();
    }
}
