package io.quiver.llo.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.codec.RecordHeaders;
import io.quiver.kafka.ArrowRecordDispatcher;
import io.quiver.kafka.DeadLetterPublisher;
import io.quiver.kafka.Topics;
import io.quiver.llo.arrow.ArrowRoundProcessor;
import io.quiver.llo.arrow.ObservationMerger;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.wire.LloObservationProto;
import io.quiver.llo.arrow.StreamValueCells;
import io.quiver.llo.arrow.RoundTooLargeException;
import io.quiver.llo.json.MalformedRoundException;
import io.quiver.llo.json.RoundJson;
import io.quiver.llo.report.ChannelReporter;
import io.quiver.llo.report.Transmission;
import io.quiver.llo.report.TransmissionWriter;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.QuorumException;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.StreamValue;
import io.quiver.memory.ServiceAllocator;
import io.quiver.schema.LloSchemas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Observations in, aggregates out. Consumes {@code llo.observations.v1} (one record per node per
 * round: {@code Observation} rows, or LLO's protobuf observation with content type
 * {@code application/x-protobuf} and header {@code quiver.llo.observer}; header
 * {@code quiver.llo.round}; key = channel group), keeps the
 * records as Arrow until every node reported or the timeout passed, computes the outcome on the
 * Arrow path (bulk concatenation, column-wise aggregation) with a bounded allocator, and publishes a {@code StreamAggregates} record to
 * {@code llo.aggregates.v1} (same key, same round header), then the {@code json} reports of the
 * reportable channels as a {@code Transmission} record to {@code llo.reports.v1}. Poison records go
 * to the DLQ.
 *
 * <p>Delivery: at-least-once. Offsets are committed only when no round is open, so a crash
 * re-reads the observations of unfinished rounds; a consumer of the aggregates deduplicates by
 * (key, round).
 */
@ApplicationScoped
public class LloRoundService {

    public static final String OBSERVATION_TIMESTAMP_HEADER = "quiver.llo.observation.timestamp.ns";
    /** Content type of records in LLO's own protobuf observation format (instead of Arrow). */
    public static final String CONTENT_TYPE_PROTOBUF = "application/x-protobuf";
    /** The observing node of a protobuf record (Arrow records carry it in {@code observer_id}). */
    public static final String OBSERVER_HEADER = "quiver.llo.observer";
    public static final String FAILURES_HEADER = "quiver.llo.failures";

    private static final Logger LOG = Logger.getLogger(LloRoundService.class);

    private final LloSettings settings;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator roundAllocator;
    private final BufferAllocator decodeAllocator;
    private final String bootstrap;
    private final Counter roundsPublished;
    private final Counter roundsFailed;
    private final ArrowRoundProcessor processor = new ArrowRoundProcessor();
    private final Map<String, Map<StreamRef, StreamValue>> lastOutcome = new HashMap<>();
    private final Map<String, ChannelReporter> reporters = new HashMap<>();
    private List<ChannelDefinition> channels = List.of();
    private volatile boolean running;
    private Thread loop;
    private KafkaConsumer<byte[], byte[]> consumer;

    public LloRoundService(LloSettings settings, ArrowKafkaCodec codec, ServiceAllocator allocator, MeterRegistry registry,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.settings = settings;
        this.codec = codec;
        this.roundAllocator = allocator.stage("rounds", settings.roundMemoryLimitBytes());
        this.decodeAllocator = allocator.stage("decode", settings.roundMemoryLimitBytes());
        this.bootstrap = bootstrap;
        this.roundsPublished = registry.counter("quiver.llo.rounds", "result", "published");
        this.roundsFailed = registry.counter("quiver.llo.rounds", "result", "failed");
    }

    void start(@Observes StartupEvent event) throws IOException, MalformedRoundException {
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
        if (settings.consume()) {
            running = true;
            loop = new Thread(this::run, "llo-rounds");
            loop.start();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (loop != null) {
            loop.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private void run() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "llo-service");
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("max.partition.fetch.bytes", "8388608");
        Properties pp = new Properties();
        pp.put("bootstrap.servers", bootstrap);
        pp.put("enable.idempotence", "true");
        pp.put("acks", "all");
        pp.put("max.request.size", "8388608");
        try (RoundCollector collector = new RoundCollector(settings.nodes(), settings.roundTimeout().toNanos());
             KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer = c;
            DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer);
            ArrowRecordDispatcher dispatcher = new ArrowRecordDispatcher(codec, LloSchemas.OBSERVATION, decodeAllocator, deadLetters);
            c.subscribe(List.of(Topics.LLO_OBSERVATIONS));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (CONTENT_TYPE_PROTOBUF.equals(RecordHeaders.text(r.headers(), RecordHeaders.CONTENT_TYPE))) {
                        acceptProtobuf(r, collector, producer, deadLetters);
                        continue;
                    }
                    dispatcher.dispatch(r, (record, batch) -> {
                        long round = RecordHeaders.number(record.headers(), RecordHeaders.LLO_ROUND).orElseThrow(
                                () -> new IllegalArgumentException("missing or non-numeric header " + RecordHeaders.LLO_ROUND));
                        String group = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                        for (VectorSchemaRoot root : batch.batches()) {
                            // check every cell now (without decoding), so a bad record goes to the DLQ instead of failing its round
                            StreamValueCells cells = new StreamValueCells(root);
                            for (int row = 0; row < root.getRowCount(); row++) {
                                try {
                                    cells.validate(row);
                                } catch (IllegalArgumentException bad) {
                                    throw new IllegalArgumentException("Observation row " + row + ": " + bad.getMessage());
                                }
                            }
                            int observer = root.getRowCount() == 0 ? -1 - (int) (record.offset() & 0x3fffffff)
                                    : Byte.toUnsignedInt(((UInt1Vector) root.getVector(LloSchemas.OBSERVER_ID)).get(0));
                            RoundCollector.ReadyRound ready = collector.add(new RoundCollector.RoundKey(group, round), observer,
                                    keep(root), System.nanoTime());
                            if (ready != null) {
                                finish(ready, producer);
                            }
                        }
                    });
                }
                for (RoundCollector.ReadyRound expired : collector.expired(System.nanoTime())) {
                    finish(expired, producer);
                }
                if (collector.isEmpty()) {
                    c.commitSync();
                }
            }
        } catch (WakeupException stopping) {
            // shutdown
        } catch (RuntimeException e) {
            LOG.error("llo round loop stopped: " + e.getMessage(), e);
        }
    }

    /** The round's {@code json} reports, one {@code Transmission} record on {@code llo.reports.v1} (none if no channel is reportable). */
    private void publishReports(String group, long round, long observationTimestamp, Map<StreamRef, StreamValue> values,
                                KafkaProducer<byte[], byte[]> producer) throws Exception {
        ChannelReporter reporter = reporters.computeIfAbsent(group,
                g -> new ChannelReporter(settings.serverUrl(), HexFormat.of().parseHex(settings.configDigest())));
        List<Transmission> reports = reporter.reports(channels, values, round, observationTimestamp,
                System.currentTimeMillis() * 1_000_000L);
        if (reports.isEmpty()) {
            return;
        }
        try (VectorSchemaRoot root = TransmissionWriter.write(reports, roundAllocator)) {
            for (EncodedRecord r : codec.encode(root, BatchLabel.round(round))) {
                producer.send(new ProducerRecord<>(Topics.LLO_REPORTS, null, group.getBytes(StandardCharsets.UTF_8),
                        r.value(), r.headers())).get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** An observation in LLO's protobuf format: decoded, merged into an Arrow record, collected; bad ones to the DLQ. */
    private void acceptProtobuf(ConsumerRecord<byte[], byte[]> r, RoundCollector collector, KafkaProducer<byte[], byte[]> producer,
                                DeadLetterPublisher deadLetters) {
        VectorSchemaRoot root;
        RoundCollector.RoundKey key;
        int observer;
        try {
            long round = RecordHeaders.number(r.headers(), RecordHeaders.LLO_ROUND).orElseThrow(
                    () -> new IllegalArgumentException("missing or non-numeric header " + RecordHeaders.LLO_ROUND));
            observer = (int) RecordHeaders.number(r.headers(), OBSERVER_HEADER).orElseThrow(
                    () -> new IllegalArgumentException("missing or non-numeric header " + OBSERVER_HEADER));
            if (observer < 0 || observer > 255) {
                throw new IllegalArgumentException(OBSERVER_HEADER + " " + observer + " is not a node index (0-255)");
            }
            NodeObservation obs = LloObservationProto.decode(r.value() == null ? new byte[0] : r.value(), observer);
            key = new RoundCollector.RoundKey(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8), round);
            root = new ObservationMerger().merge(List.of(obs), decodeAllocator);
        } catch (RuntimeException e) {
            deadLetters.publish(r, "LLOObservationProto: " + e.getMessage());
            return;
        }
        RoundCollector.ReadyRound ready = collector.add(key, observer, root, System.nanoTime());
        if (ready != null) {
            finish(ready, producer);
        }
    }

    /** A copy of a decoded record that outlives the decoded batch (which is closed after the handler). */
    private VectorSchemaRoot keep(VectorSchemaRoot decoded) {
        VectorSchemaRoot copy = VectorSchemaRoot.create(LloSchemas.OBSERVATION.arrowSchema(), decodeAllocator);
        try {
            copy.allocateNew();
            copy.setRowCount(0);
            VectorSchemaRootAppender.append(false, copy, decoded);
            return copy;
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    /** Computes and publishes one round; a failed round is logged and counted, never fatal. */
    void finish(RoundCollector.ReadyRound ready, KafkaProducer<byte[], byte[]> producer) {
        String group = ready.key().group();
        long round = ready.key().round();
        List<VectorSchemaRoot> obs = ready.nodeRecords();
        try (ready; ArrowRoundProcessor.Outcome out = processor.processRecords(settings.f(), channels, lastOutcome.get(group), obs,
                roundAllocator)) {
            Map<StreamRef, StreamValue> values = out.result().valueMap();
            for (EncodedRecord r : codec.encode(out.result().aggregates(), BatchLabel.round(round))) {
                r.headers().add(new RecordHeader(OBSERVATION_TIMESTAMP_HEADER,
                        Long.toUnsignedString(out.observationTimestampNanos()).getBytes(StandardCharsets.UTF_8)));
                r.headers().add(new RecordHeader(FAILURES_HEADER,
                        Integer.toString(out.result().failures().size()).getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(Topics.LLO_AGGREGATES, null, group.getBytes(StandardCharsets.UTF_8),
                        r.value(), r.headers())).get(60, TimeUnit.SECONDS);
            }
            lastOutcome.put(group, values);
            publishReports(group, round, out.observationTimestampNanos(), values, producer);
            out.result().failures().forEach((ref, err) -> LOG.debugf("round %d %s: %s", round, ref, err));
            roundsPublished.increment();
        } catch (QuorumException | RoundTooLargeException e) {
            LOG.warnf("round %d of group '%s' (%d observations, %s) failed: %s", round, group, obs.size(),
                    ready.complete() ? "complete" : "timed out", e.getMessage());
            roundsFailed.increment();
        } catch (Exception e) {
            LOG.errorf(e, "round %d of group '%s' could not be published: %s", round, group, e.getMessage());
            roundsFailed.increment();
        }
    }
}
