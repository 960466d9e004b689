package io.quiver.ttp.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.schema.TokenTransferEventSchema;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.testing.Environment;
import io.quiver.testing.TestKafka;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import io.quiver.ttp.output.EventRows;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What the pipeline tests (here and ttp-service's) check against: real ledgers from ../shared/stellar,
 * the events {@code ./quiver ttp} extracts from them, and what an events topic holds, read
 * {@code read_committed} (from the test broker unless told another).
 */
public final class EventTopicChecks {

    private EventTopicChecks() {
    }

    public static List<SourcedLedger> ledgers(String file) throws Exception {
        List<SourcedLedger> out = new ArrayList<>();
        for (RawLedger r : LedgerFiles.read(Environment.sharedStellar().resolve(file)).ledgers()) {
            out.add(new SourcedLedger(new LedgerView(r.decode()).sequence(), r.bytes(), r.where()));
        }
        return out;
    }

    public static List<TokenTransferEventRow> expected(List<SourcedLedger> ledgers, String passphrase) {
        DerivedEventsExtractor x = new DerivedEventsExtractor(passphrase);
        List<TokenTransferEventRow> out = new ArrayList<>();
        for (SourcedLedger l : ledgers) {
            out.addAll(EventRows.rows(x.extract(new RawLedger("t", l.xdr(), 0, l.xdr().length).decode())));
        }
        return out;
    }

    public static List<TokenTransferEventRow> eventRows(String topic, BufferAllocator allocator) throws Exception {
        return eventRows(TestKafka.broker().bootstrapServers(), topic, allocator);
    }

    /** The events of an Arrow events topic on the broker at {@code bootstrap}. */
    public static List<TokenTransferEventRow> eventRows(String bootstrap, String topic, BufferAllocator allocator) throws Exception {
        List<TokenTransferEventRow> out = new ArrayList<>();
        for (var r : TestKafka.readCommitted(bootstrap, topic, Duration.ofSeconds(3))) {
            try (DecodedBatch b = ArrowKafkaCodec.defaults().decode(r.value(), r.headers(), TokenTransferEventSchema.SCHEMA, allocator)) {
                for (VectorSchemaRoot root : b.batches()) {
                    TokenTransferEventVectors v = new TokenTransferEventVectors(root);
                    for (int i = 0; i < root.getRowCount(); i++) {
                        out.add(v.get(i));
                    }
                }
            }
        }
        return out;
    }

    /** Events by id; a second copy of an id fails. */
    public static TreeMap<String, TokenTransferEventRow> byId(List<TokenTransferEventRow> rows) {
        TreeMap<String, TokenTransferEventRow> m = new TreeMap<>();
        for (TokenTransferEventRow r : rows) {
            assertEquals(null, m.put(r.eventId(), r), "event " + r.eventId() + " twice");
        }
        return m;
    }
}
