package io.quiver.ttp.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.codec.RecordHeaders;
import io.quiver.ingest.publish.StellarLedgerRows;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.schema.rows.StellarLedgerVectors;
import io.quiver.stellar.NetworkIds;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Puts real ledgers on a ledgers topic as ingest-service does: one {@code StellarLedger} record per batch. */
public final class LedgerTopicWriter {

    private LedgerTopicWriter() {
    }

    public static int write(Producer<byte[], byte[]> producer, String topic, List<SourcedLedger> batch, String passphrase,
                     BufferAllocator allocator) throws Exception {
        byte[] networkId = NetworkIds.networkId(passphrase);
        try (VectorSchemaRoot root = StellarLedgerVectors.newRoot(allocator)) {
            StellarLedgerVectors v = new StellarLedgerVectors(root);
            for (SourcedLedger l : batch) {
                v.append(StellarLedgerRows.of(l, networkId, "file"));
            }
            List<EncodedRecord> records = ArrowKafkaCodec.defaults().encode(root,
                    BatchLabel.ledgers(batch.get(0).sequence(), batch.get(batch.size() - 1).sequence()));
            for (EncodedRecord r : records) {
                byte[] key = RecordHeaders.text(r.headers(), RecordHeaders.LEDGER_FIRST).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, null, key, r.value(), r.headers())).get();
            }
            return records.size();
        }
    }
}
