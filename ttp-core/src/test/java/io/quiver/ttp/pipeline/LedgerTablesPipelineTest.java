package io.quiver.ttp.pipeline;

import static io.quiver.ttp.pipeline.EventTopicChecks.ledgers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.schema.rows.ColumnRows;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.SharedLedgers;
import io.quiver.testing.TestKafka;
import io.quiver.ttp.tables.LedgerTables;
import io.quiver.ttp.tables.RowJson;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ledger tables through the pipeline on a real broker: a table switched on holds, row for row
 * and column for column, what {@code ./quiver tables} prints for the same ledgers; a table switched
 * off gets nothing; the events are unchanged beside them.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class LedgerTablesPipelineTest {

    @Test
    void theTablesSwitchedOnHoldExactlyTheExtractedRowsAndTheOthersNothing(BufferAllocator allocator) throws Exception {
        TtpPipelineTest.Io topics = TtpPipelineTest.Io.fresh(3);
        String transactions = TestKafka.freshTopic("tx", 3);
        String operations = TestKafka.freshTopic("op", 3);
        String invocations = TestKafka.freshTopic("inv", 3);
        List<SourcedLedger> load = ledgers("synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd");
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            LedgerTopicWriter.write(p, topics.in(), load, SharedLedgers.LOAD_TEST, allocator);
        }
        Map<LedgerTables.Table, String> on = new EnumMap<>(LedgerTables.Table.class);
        on.put(LedgerTables.Table.TRANSACTIONS, transactions);
        on.put(LedgerTables.Table.INVOCATIONS, invocations);
        AtomicLong ledgers = new AtomicLong();
        TtpPipeline pipeline = new TtpPipeline(new TtpPipeline.Settings(topics.in(), "g-" + UUID.randomUUID(), UUID.randomUUID().toString(),
                TtpPipelineTest.kafka(), 8, TtpPipelineTest.SESSION), ArrowKafkaCodec.defaults(), allocator,
                new LedgerEvents(false, true, EventFilter.ALL, new NetworkPassphrases(List.of(SharedLedgers.LOAD_TEST)),
                        new LedgerTables(on.keySet(), true)),
                new EventRecords(ArrowKafkaCodec.defaults(), allocator, EventRecords.Mode.ARROW,
                        new EventRecords.Topics(topics.events(), topics.proto(), topics.contract(), on)),
                (records, n, x, d, bytes) -> ledgers.addAndGet(n));
        TtpPipelineTest.runUntil(pipeline, () -> TtpPipelineTest.awaitLedgers(ledgers, load.size()));

        LedgerTables all = new LedgerTables(java.util.EnumSet.allOf(LedgerTables.Table.class), true);
        LedgerTables.Rows want = LedgerTables.Rows.empty();
        byte[] networkId = NetworkIds.networkId(SharedLedgers.LOAD_TEST);
        for (SourcedLedger l : load) {
            LedgerView view = new LedgerView(LedgerCloseMeta.fromXdr(l.xdr()));
            all.extract(view, LedgerTransactions.of(view, networkId), networkId, want);
        }
        assertEquals(jsonById(want.transactions(), LedgerTables.Table.TRANSACTIONS, allocator),
                topicById(transactions, LedgerTables.Table.TRANSACTIONS, allocator), "transactions: the rows, every column");
        assertEquals(jsonById(want.invocations(), LedgerTables.Table.INVOCATIONS, allocator),
                topicById(invocations, LedgerTables.Table.INVOCATIONS, allocator), "invocations: the rows, every column");
        assertEquals(200, want.transactions().size());
        assertEquals(200, want.invocations().size());
        assertTrue(TestKafka.readCommitted(operations, Duration.ofSeconds(1)).isEmpty(), "operations are switched off");
        assertEquals(EventTopicChecks.expected(load, SharedLedgers.LOAD_TEST).size(),
                EventTopicChecks.eventRows(topics.events(), allocator).size(), "the events beside the tables");
    }

    /**
     * The tables are encoded on a thread of their own while the events are already being sent: a
     * record whose tables cannot be encoded (here: a record limit under the transactions table's
     * schema message, which the events fit) fails its transaction and goes to the dead-letter topic
     * on the next pass, with the reason and none of its output.
     */
    @Test
    void aRecordWhoseTablesCannotBeEncodedGoesToTheDlqWithNoneOfItsOutput(BufferAllocator allocator) throws Exception {
        int events = emptyRecordBytes(io.quiver.schema.rows.TokenTransferEventVectors.newRoot(allocator));
        int contract = emptyRecordBytes(io.quiver.schema.rows.ContractEventVectors.newRoot(allocator));
        int transactionsSchema = emptyRecordBytes(ColumnRows.newRoot(LedgerTables.Table.TRANSACTIONS.schema(), allocator));
        int limit = transactionsSchema - 1;
        assertTrue(limit > Math.max(events, contract) + 4096, "the events (" + events + ", " + contract
                + " bytes without rows) must fit under the limit (" + limit + ") with room for rows");
        String in = TestKafka.freshTopic("ledgers", 1);
        TestKafka.broker().createTopics(1, io.quiver.kafka.Topics.deadLetterOf(in));
        TtpPipelineTest.Io topics = new TtpPipelineTest.Io(in, TestKafka.freshTopic("events", 1), TestKafka.freshTopic("proto", 1),
                TestKafka.freshTopic("contract", 1));
        String transactions = TestKafka.freshTopic("tx", 1);
        List<SourcedLedger> load = ledgers("synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd").subList(0, 3);
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer()) {
            for (SourcedLedger l : load) {
                LedgerTopicWriter.write(p, in, List.of(l), SharedLedgers.LOAD_TEST, allocator);
            }
        }
        Map<LedgerTables.Table, String> on = new EnumMap<>(LedgerTables.Table.class);
        on.put(LedgerTables.Table.TRANSACTIONS, transactions);
        AtomicLong dead = new AtomicLong();
        TtpPipeline pipeline = new TtpPipeline(new TtpPipeline.Settings(in, "g-" + UUID.randomUUID(), UUID.randomUUID().toString(),
                TtpPipelineTest.kafka(), 8, TtpPipelineTest.SESSION), ArrowKafkaCodec.defaults(), allocator,
                new LedgerEvents(false, true, EventFilter.ALL, new NetworkPassphrases(List.of(SharedLedgers.LOAD_TEST)),
                        new LedgerTables(on.keySet(), false)),
                new EventRecords(new ArrowKafkaCodec(ArrowKafkaCodec.defaults().compression(), limit), allocator, EventRecords.Mode.ARROW,
                        new EventRecords.Topics(topics.events(), topics.proto(), topics.contract(), on)),
                (records, n, x, d, bytes) -> dead.addAndGet(d));
        TtpPipelineTest.runUntil(pipeline, () -> TtpPipelineTest.awaitLedgers(dead, load.size()));

        var dlq = TestKafka.readCommitted(io.quiver.kafka.Topics.deadLetterOf(in), Duration.ofSeconds(1));
        assertEquals(load.size(), dlq.size(), "every record, once");
        for (int i = 0; i < dlq.size(); i++) {
            String reason = new String(dlq.get(i).headers().lastHeader(io.quiver.kafka.DeadLetterPublisher.REASON).value(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(reason.startsWith(in + "-0@" + i + ": the ledger tables could not be encoded: "), reason);
            assertTrue(reason.contains("alone encodes to"), reason);
        }
        assertTrue(TestKafka.readCommitted(topics.events(), Duration.ofSeconds(1)).isEmpty(), "no events of a dead-lettered record");
        assertTrue(TestKafka.readCommitted(topics.contract(), Duration.ofSeconds(1)).isEmpty(), "no contract events either");
        assertTrue(TestKafka.readCommitted(transactions, Duration.ofSeconds(1)).isEmpty(), "nor table rows");
    }

    /** The bytes of a record holding {@code root}'s schema and no rows (closes the root). */
    private static int emptyRecordBytes(VectorSchemaRoot root) {
        try (root) {
            return ArrowKafkaCodec.defaults().encode(root, io.quiver.codec.BatchLabel.ledgers(1, 1)).get(0).value().length;
        }
    }

    /** Rows as the CLI prints them, by their id (first column). */
    private static TreeMap<Long, String> jsonById(List<Object[]> rows, LedgerTables.Table t, BufferAllocator allocator) {
        TreeMap<Long, String> out = new TreeMap<>();
        try (VectorSchemaRoot root = ColumnRows.newRoot(t.schema(), allocator)) {
            new ColumnRows(root).appendAll(rows);
            for (int i = 0; i < root.getRowCount(); i++) {
                out.put((Long) rows.get(i)[0], RowJson.line(root, i));
            }
        }
        return out;
    }

    private static TreeMap<Long, String> topicById(String topic, LedgerTables.Table t, BufferAllocator allocator) throws Exception {
        TreeMap<Long, String> out = new TreeMap<>();
        List<String> dupes = new ArrayList<>();
        for (var r : TestKafka.readCommitted(topic, Duration.ofSeconds(3))) {
            try (DecodedBatch b = ArrowKafkaCodec.defaults().decode(r.value(), r.headers(), t.schema(), allocator)) {
                for (VectorSchemaRoot root : b.batches()) {
                    var ids = (org.apache.arrow.vector.BigIntVector) root.getVector(0);
                    for (int i = 0; i < root.getRowCount(); i++) {
                        if (out.put(ids.get(i), RowJson.line(root, i)) != null) {
                            dupes.add(Long.toString(ids.get(i)));
                        }
                    }
                }
            }
        }
        assertTrue(dupes.isEmpty(), "rows twice: " + dupes);
        return out;
    }
}
