package io.quiver.llo.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.llo.arrow.ArrowRoundProcessor;
import io.quiver.llo.arrow.RoundTooLargeException;
import io.quiver.llo.report.ChannelReporter;
import io.quiver.llo.report.Transmission;
import io.quiver.llo.report.TransmissionWriter;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.QuorumException;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.StreamValue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A closed round to its output records: one {@code StreamAggregates} record (key = channel group,
 * round header, plus the observation timestamp and the failure count), then the {@code json}
 * reports of the reportable channels as one {@code Transmission} record. The outcome is computed
 * on the Arrow path in a bounded allocator. Keeps, per group, the previous outcome (carried
 * forward by timestamped streams) and the reporter's state; a run that fails starts a new instance.
 */
public final class RoundRecords {

    public static final String OBSERVATION_TIMESTAMP_HEADER = "quiver.llo.observation.timestamp.ns";
    public static final String FAILURES_HEADER = "quiver.llo.failures";

    private static final Logger LOG = LoggerFactory.getLogger(RoundRecords.class);

    /** Where the outputs go and how reports are signed off (nothing is signed here). */
    public record Settings(String aggregatesTopic, String reportsTopic, int f, List<ChannelDefinition> channels, String serverUrl,
                           byte[] configDigest) {
    }

    /** The records of a round, and whether it produced an outcome (a failed round has none). */
    public record Output(List<ProducerRecord<byte[], byte[]>> records, boolean published) {
    }

    private final Settings settings;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final ArrowRoundProcessor processor = new ArrowRoundProcessor();
    private final Map<String, Map<StreamRef, StreamValue>> lastOutcome = new HashMap<>();
    private final Map<String, ChannelReporter> reporters = new HashMap<>();

    public RoundRecords(Settings settings, ArrowKafkaCodec codec, BufferAllocator allocator) {
        this.settings = settings;
        this.codec = codec;
        this.allocator = allocator;
    }

    /** Computes {@code ready} (and closes its records); a round without quorum or over its memory bound has no output. */
    public Output of(RoundCollector.ReadyRound ready) {
        String group = ready.key().group();
        long round = ready.key().round();
        byte[] key = group.getBytes(StandardCharsets.UTF_8);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (ready; ArrowRoundProcessor.Outcome o = processor.processRecords(settings.f(), settings.channels(), lastOutcome.get(group),
                ready.nodeRecords(), allocator)) {
            Map<StreamRef, StreamValue> values = o.result().valueMap();
            for (EncodedRecord r : codec.encode(o.result().aggregates(), BatchLabel.round(round))) {
                r.headers().add(new RecordHeader(OBSERVATION_TIMESTAMP_HEADER,
                        Long.toUnsignedString(o.observationTimestampNanos()).getBytes(StandardCharsets.UTF_8)));
                r.headers().add(new RecordHeader(FAILURES_HEADER,
                        Integer.toString(o.result().failures().size()).getBytes(StandardCharsets.UTF_8)));
                out.add(new ProducerRecord<>(settings.aggregatesTopic(), null, key, r.value(), r.headers()));
            }
            lastOutcome.put(group, values);
            reports(group, round, o.observationTimestampNanos(), values, key, out);
            o.result().failures().forEach((ref, err) -> LOG.debug("round {} {}: {}", round, ref, err));
            return new Output(out, true);
        } catch (QuorumException | RoundTooLargeException e) {
            LOG.warn("round {} of group '{}' ({} observations, {}) failed: {}", round, group, ready.nodeRecords().size(),
                    ready.complete() ? "complete" : "timed out", e.getMessage());
            return new Output(List.of(), false);
        } catch (RuntimeException e) {
            // a round that cannot be computed is this round's failure, not the stage's
            LOG.error("round {} of group '{}' could not be computed: {}", round, group, e.toString());
            return new Output(List.of(), false);
        }
    }

    private void reports(String group, long round, long observationTimestamp, Map<StreamRef, StreamValue> values, byte[] key,
                         List<ProducerRecord<byte[], byte[]>> out) {
        ChannelReporter reporter = reporters.computeIfAbsent(group, g -> new ChannelReporter(settings.serverUrl(), settings.configDigest()));
        List<Transmission> reports = reporter.reports(settings.channels(), values, round, observationTimestamp,
                System.currentTimeMillis() * 1_000_000L);
        if (reports.isEmpty()) {
            return;
        }
        try (VectorSchemaRoot root = TransmissionWriter.write(reports, allocator)) {
            for (EncodedRecord r : codec.encode(root, BatchLabel.round(round))) {
                out.add(new ProducerRecord<>(settings.reportsTopic(), null, key, r.value(), r.headers()));
            }
        }
    }
}
