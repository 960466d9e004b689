package io.quiver.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.schema.rows.StellarLedgerRow;
import io.quiver.schema.rows.StellarLedgerVectors;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The ledgers a ledgers topic holds (committed), by sequence. */
final class Ledgers {

    private Ledgers() {
    }

    static List<SourcedLedger> onTopic(String bootstrap, String topic, BufferAllocator allocator) throws Exception {
        List<SourcedLedger> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(bootstrap, topic, Duration.ofSeconds(3))) {
            try (DecodedBatch b = ArrowKafkaCodec.defaults().decode(r.value(), r.headers(), StellarLedgerSchema.SCHEMA, allocator)) {
                for (VectorSchemaRoot root : b.batches()) {
                    StellarLedgerVectors v = new StellarLedgerVectors(root);
                    for (int i = 0; i < root.getRowCount(); i++) {
                        StellarLedgerRow row = v.get(i);
                        out.add(new SourcedLedger(row.sequence(), row.ledgerCloseMeta(), topic + "-" + r.partition() + "@" + r.offset()));
                    }
                }
            }
        }
        out.sort(Comparator.comparingLong(SourcedLedger::sequence));
        return out;
    }
}
