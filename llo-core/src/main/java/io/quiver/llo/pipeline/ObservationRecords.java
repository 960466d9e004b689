package io.quiver.llo.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.PoisonRecordException;
import io.quiver.codec.RecordHeaders;
import io.quiver.kafka.RecordContract;
import io.quiver.llo.arrow.ObservationMerger;
import io.quiver.llo.arrow.StreamValueCells;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.wire.LloObservationProto;
import io.quiver.schema.LloSchemas;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * An observation record read back: one record per node per round, either {@code Observation}
 * rows (Arrow) or LLO's protobuf observation (content type {@code application/x-protobuf}, the
 * node in header {@code quiver.llo.observer}); header {@code quiver.llo.round}; key = channel
 * group. Every cell is checked here, so a bad record goes to the dead-letter topic with its reason
 * instead of failing its round.
 */
public final class ObservationRecords {

    /** Content type of records in LLO's own protobuf observation format (instead of Arrow). */
    public static final String CONTENT_TYPE_PROTOBUF = "application/x-protobuf";
    /** The observing node of a protobuf record (Arrow records carry it in {@code observer_id}). */
    public static final String OBSERVER_HEADER = "quiver.llo.observer";

    /** One node's observation of a round, owned by the caller. */
    public record Observed(RoundCollector.RoundKey key, int observer, VectorSchemaRoot record) {
    }

    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;

    public ObservationRecords(ArrowKafkaCodec codec, BufferAllocator allocator) {
        this.codec = codec;
        this.allocator = allocator;
    }

    /** The round a record belongs to, from its key and header alone (no decoding). */
    public static RoundCollector.RoundKey roundOf(ConsumerRecord<byte[], byte[]> r) {
        long round = RecordHeaders.number(r.headers(), RecordHeaders.LLO_ROUND).orElseThrow(
                () -> new IllegalArgumentException("missing or non-numeric header " + RecordHeaders.LLO_ROUND));
        return new RoundCollector.RoundKey(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8), round);
    }

    /** As {@link #roundOf}, or null when the record does not say (its reading then fails with the reason). */
    public static RoundCollector.RoundKey roundOrNull(ConsumerRecord<byte[], byte[]> r) {
        try {
            return roundOf(r);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The observations in {@code r}; throws with a one-line reason when it is not a valid
     * observation record (what the value is, checked first, then its round header).
     */
    public List<Observed> read(ConsumerRecord<byte[], byte[]> r) throws PoisonRecordException {
        if (r.value() == null) {
            throw new IllegalArgumentException("null value (a tombstone is not an observation)");
        }
        if (CONTENT_TYPE_PROTOBUF.equals(RecordHeaders.text(r.headers(), RecordHeaders.CONTENT_TYPE))) {
            RoundCollector.RoundKey key = roundOf(r);
            int observer = (int) RecordHeaders.number(r.headers(), OBSERVER_HEADER).orElseThrow(
                    () -> new IllegalArgumentException("missing or non-numeric header " + OBSERVER_HEADER));
            if (observer < 0 || observer > 255) {
                throw new IllegalArgumentException(OBSERVER_HEADER + " " + observer + " is not a node index (0-255)");
            }
            NodeObservation obs;
            try {
                obs = LloObservationProto.decode(r.value(), observer);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("LLOObservationProto: " + e.getMessage(), e);
            }
            return List.of(new Observed(key, observer, new ObservationMerger().merge(List.of(obs), allocator)));
        }
        List<Observed> out = new ArrayList<>();
        try (DecodedBatch batch = codec.decode(r.value(), r.headers(), LloSchemas.OBSERVATION, allocator)) {
            String headers = RecordContract.headerViolation(r);
            if (headers != null) {
                throw new PoisonRecordException(headers);
            }
            RoundCollector.RoundKey key = roundOf(r);
            for (VectorSchemaRoot root : batch.batches()) {
                StreamValueCells cells = new StreamValueCells(root);
                for (int row = 0; row < root.getRowCount(); row++) {
                    try {
                        cells.validate(row);
                    } catch (IllegalArgumentException bad) {
                        throw new IllegalArgumentException("Observation row " + row + ": " + bad.getMessage());
                    }
                }
                // an empty record still counts as its node's (empty) report: a node id no real node has
                int observer = root.getRowCount() == 0 ? -1 - (int) (r.offset() & 0x3fffffff)
                        : Byte.toUnsignedInt(((UInt1Vector) root.getVector(LloSchemas.OBSERVER_ID)).get(0));
                out.add(new Observed(key, observer, keep(root)));
            }
            return out;
        } catch (RuntimeException | PoisonRecordException e) {
            out.forEach(o -> o.record().close());
            throw e;
        }
    }

    /** A copy of a decoded record that outlives the decoded batch (which is closed after reading). */
    private VectorSchemaRoot keep(VectorSchemaRoot decoded) {
        VectorSchemaRoot copy = VectorSchemaRoot.create(LloSchemas.OBSERVATION.arrowSchema(), allocator);
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
}
