package io.quiver.ingest.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.codec.RecordHeaders;
import io.quiver.ingest.source.LedgerGap;
import io.quiver.ingest.source.LedgerStream;
import io.quiver.ingest.source.SourceItem;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.kafka.DeadLetterPublisher;
import io.quiver.kafka.Topics;
import io.quiver.schema.rows.StellarLedgerRow;
import io.quiver.schema.rows.StellarLedgerVectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Publishes a {@link LedgerStream} to the ledgers topic as {@code StellarLedger} Arrow batches.
 *
 * <p>A batch grows while the source has ledgers ready, up to {@code batchBytes} of raw XDR or
 * {@code maxLedgers} ledgers (the codec also splits any record that would pass the broker's limit).
 * Each batch goes out in one Kafka transaction together with the instance's checkpoint, so after
 * a crash the topic (read committed) holds every ledger up to the checkpoint once and nothing
 * after it. Records are keyed by their first ledger (decimal text), which spreads batches over
 * the partitions; a consumer restores order by ledger sequence. A skipped object becomes a gap
 * record on the dead-letter topic, in the same transaction as the checkpoint that passes it.
 */
public final class LedgerPublisher {

    /** Where and how much: {@code batchBytes} of raw ledger XDR, at most {@code maxLedgers}, per batch. */
    public record Settings(String topic, String instance, long batchBytes, int maxLedgers) {
        public Settings {
            if (batchBytes < 1 || maxLedgers < 1) {
                throw new IllegalArgumentException("batchBytes and maxLedgers must be positive");
            }
        }
    }

    /** Told after every committed transaction (metrics, logs). */
    public interface Listener {
        void committed(int ledgers, long xdrBytes, long recordBytes, long nextLedger);

        /** The checkpoint was read and the transactional producer is connected: the run works. */
        default void connected() {
        }

        default void gap(LedgerGap gap) {
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Producer<byte[], byte[]> producer;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final CheckpointStore checkpoints;
    private final Settings settings;
    private final Listener listener;

    /** {@code producer} must be transactional with {@code initTransactions()} done. */
    public LedgerPublisher(Producer<byte[], byte[]> producer, ArrowKafkaCodec codec, BufferAllocator allocator,
                           CheckpointStore checkpoints, Settings settings, Listener listener) {
        this.producer = producer;
        this.codec = codec;
        this.allocator = allocator;
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Publishes until the stream ends (bounded range) or the thread is interrupted; returns the next
     * ledger after the last one published.
     */
    public long run(LedgerStream stream, byte[] networkId, String sourceKind) throws IOException, InterruptedException {
        List<StellarLedgerRow> rows = new ArrayList<>();
        long bytes = 0;
        long next = -1;
        while (true) {
            SourceItem item = stream.next();
            if (item == null) {
                flush(rows, bytes, null, sourceKind);
                return next;
            }
            if (item instanceof SourcedLedger l) {
                rows.add(StellarLedgerRows.of(l, networkId, sourceKind));
                bytes += l.xdr().length;
            } else if (item instanceof LedgerGap g) {
                flush(rows, bytes, null, sourceKind);
                rows.clear();
                bytes = 0;
                flush(rows, 0, g, sourceKind);
            }
            next = item.last() + 1;
            if (!rows.isEmpty() && (bytes >= settings.batchBytes() || rows.size() >= settings.maxLedgers() || !stream.ready())) {
                flush(rows, bytes, null, sourceKind);
                rows.clear();
                bytes = 0;
            }
        }
    }

    private void flush(List<StellarLedgerRow> rows, long xdrBytes, LedgerGap gap, String sourceKind) {
        if (rows.isEmpty() && gap == null) {
            return;
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        long nextLedger;
        if (gap == null) {
            encode(rows, out);
            nextLedger = rows.get(rows.size() - 1).sequence() + 1;
        } else {
            out.add(gapRecord(gap));
            nextLedger = gap.last() + 1;
        }
        out.add(checkpoints.record(settings.instance(), sourceKind, nextLedger));
        long recordBytes = 0;
        producer.beginTransaction();
        try {
            for (ProducerRecord<byte[], byte[]> r : out) {
                recordBytes += r.value().length;
                producer.send(r);
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            // fenced or broken producers cannot abort, nor can one whose commit timed out
            // (IllegalStateException: the commit must be retried); the caller closes it either way
            try {
                producer.abortTransaction();
            } catch (KafkaException | IllegalStateException ignored) {
                // the original error says what went wrong
            }
            String what = gap != null ? "gap " + gap.first() + ".." + gap.last()
                    : "ledgers " + rows.get(0).sequence() + ".." + rows.get(rows.size() - 1).sequence();
            throw new KafkaException("publishing " + what + " to " + settings.topic() + " (" + out.size() + " records, "
                    + recordBytes + " bytes sent): " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (gap != null) {
            listener.gap(gap);
        }
        listener.committed(rows.size(), xdrBytes, recordBytes, nextLedger);
    }

    private void encode(List<StellarLedgerRow> rows, List<ProducerRecord<byte[], byte[]>> out) {
        try (VectorSchemaRoot root = StellarLedgerVectors.newRoot(allocator)) {
            StellarLedgerVectors v = new StellarLedgerVectors(root);
            v.appendAll(rows);
            List<EncodedRecord> records = codec.encode(root, (offset, length) ->
                    BatchLabel.ledgers(rows.get(offset).sequence(), rows.get(offset + length - 1).sequence()));
            for (EncodedRecord r : records) {
                String first = RecordHeaders.text(r.headers(), RecordHeaders.LEDGER_FIRST);
                out.add(new ProducerRecord<>(settings.topic(), null, first.getBytes(StandardCharsets.UTF_8), r.value(),
                        r.headers()));
            }
        }
    }

    private ProducerRecord<byte[], byte[]> gapRecord(LedgerGap gap) {
        ObjectNode json = JSON.createObjectNode();
        json.put("kind", "gap");
        json.put("firstLedger", gap.first());
        json.put("lastLedger", gap.last());
        json.put("object", gap.object());
        json.put("reason", gap.reason());
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.deadLetterOf(settings.topic()),
                Long.toString(gap.first()).getBytes(StandardCharsets.UTF_8), json.toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add(header(RecordHeaders.LEDGER_FIRST, Long.toString(gap.first())));
        r.headers().add(header(RecordHeaders.LEDGER_LAST, Long.toString(gap.last())));
        r.headers().add(header(DeadLetterPublisher.REASON, "skipped ledgers " + gap.first() + ".." + gap.last() + ": "
                + gap.object() + ": " + gap.reason()));
        return r;
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
