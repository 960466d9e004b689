package io.quiver.ttp.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.codec.RecordHeaders;
import io.quiver.legacy.TokenTransferEventProtoConverter;
import io.quiver.schema.rows.ColumnRows;
import io.quiver.schema.rows.ContractEventVectors;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.ttp.tables.LedgerTables;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Extracted events as Kafka records. Arrow mode: one {@code TokenTransferEvent} batch and one
 * {@code ContractEvent} batch per input record (a run of ledgers), keyed by its first ledger, even
 * when empty (a consumer sees which ledgers were processed). Row mode: one stellar/go protobuf
 * {@code TokenTransferEvent} per record, keyed by its ledger, for legacy consumers; contract events
 * stay Arrow. Both: the two forms, in the same transaction (legacy Kafka consumers, and the Arrow
 * topic gRPC and Flight serve). With no contract-events topic (contract events switched off)
 * nothing is written there. Each ledger table switched on: one batch of its rows per input record,
 * like the contract events.
 */
public final class EventRecords {

    /** Output form of token transfer events. */
    public enum Mode {
        ARROW, ROWS, BOTH;

        public static Mode parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("output mode '" + s + "': expected arrow, rows or both");
            }
        }

        /** Whether the Arrow events topic (what gRPC and Flight serve) is written. */
        public boolean writesArrow() {
            return this != ROWS;
        }

        public boolean writesRows() {
            return this != ARROW;
        }
    }

    /**
     * Where each kind of output goes; {@code contractEvents} null: contract events are not
     * published; {@code tables}: the topic of each ledger table published (the others are not).
     */
    public record Topics(String events, String protoEvents, String contractEvents, Map<LedgerTables.Table, String> tables) {

        public Topics(String events, String protoEvents, String contractEvents) {
            this(events, protoEvents, contractEvents, Map.of());
        }
    }

    public static final String CONTENT_TYPE_PROTOBUF = "application/x-protobuf";
    public static final String PROTO_TYPE = "token_transfer.TokenTransferEvent";
    public static final String EVENT_ID = "quiver.event.id";

    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final Mode mode;
    private final Topics topics;

    public EventRecords(ArrowKafkaCodec codec, BufferAllocator allocator, Mode mode, Topics topics) {
        this.codec = codec;
        this.allocator = allocator;
        this.mode = mode;
        this.topics = topics;
    }

    /** Every output record of {@code x}: {@link #eventsOf} and then {@link #tablesOf}. */
    public List<ProducerRecord<byte[], byte[]>> of(LedgerEvents.Extracted x) {
        List<ProducerRecord<byte[], byte[]>> out = eventsOf(x);
        out.addAll(tablesOf(x));
        return out;
    }

    /** Whether any ledger table is published. */
    public boolean hasTables() {
        return !topics.tables().isEmpty();
    }

    /** The event topics' records of {@code x}. */
    public List<ProducerRecord<byte[], byte[]>> eventsOf(LedgerEvents.Extracted x) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        if (mode.writesArrow()) {
            try (VectorSchemaRoot root = TokenTransferEventVectors.newRoot(allocator)) {
                TokenTransferEventVectors v = new TokenTransferEventVectors(root);
                v.appendAll(x.events());
                encode(root, x, topics.events(), out, i -> x.events().get(i).ledgerSequence());
            }
        }
        if (mode.writesRows()) {
            for (TokenTransferEventRow e : x.events()) {
                byte[] key = Long.toString(e.ledgerSequence()).getBytes(StandardCharsets.UTF_8);
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topics.protoEvents(), key,
                        TokenTransferEventProtoConverter.toProto(e).toByteArray());
                header(r, RecordHeaders.CONTENT_TYPE, CONTENT_TYPE_PROTOBUF);
                header(r, RecordHeaders.SCHEMA_NAME, PROTO_TYPE);
                header(r, EVENT_ID, e.eventId());
                header(r, RecordHeaders.LEDGER_FIRST, Long.toString(e.ledgerSequence()));
                header(r, RecordHeaders.LEDGER_LAST, Long.toString(e.ledgerSequence()));
                out.add(r);
            }
        }
        if (topics.contractEvents() != null) {
            try (VectorSchemaRoot root = ContractEventVectors.newRoot(allocator)) {
                ContractEventVectors v = new ContractEventVectors(root);
                v.appendAll(x.contractEvents());
                encode(root, x, topics.contractEvents(), out, i -> x.contractEvents().get(i).ledgerSequence());
            }
        }
        return out;
    }

    /**
     * The ledger tables' records of {@code x}. Safe to call on another thread than {@link #eventsOf}
     * (the pipeline encodes the tables on a thread of its own): it reads only {@code x}'s rows, and the
     * codec and allocator are thread-safe.
     */
    public List<ProducerRecord<byte[], byte[]>> tablesOf(LedgerEvents.Extracted x) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (Map.Entry<LedgerTables.Table, String> t : topics.tables().entrySet()) {
            List<Object[]> rows = x.tables().of(t.getKey());
            int ledgerColumn = t.getKey().schema().columnIndex("ledger_sequence");
            try (VectorSchemaRoot root = ColumnRows.newRoot(t.getKey().schema(), allocator)) {
                new ColumnRows(root).appendAll(rows);
                encode(root, x, t.getValue(), out, i -> ((Number) rows.get(i)[ledgerColumn]).longValue());
            }
        }
        return out;
    }

    private void encode(VectorSchemaRoot root, LedgerEvents.Extracted x, String topic, List<ProducerRecord<byte[], byte[]>> out,
                        java.util.function.IntToLongFunction ledgerOfRow) {
        List<EncodedRecord> records = codec.encode(root, (offset, length) -> length == root.getRowCount()
                ? BatchLabel.ledgers(x.first(), x.last())
                // a split batch: each piece covers the ledgers of its rows (boundary ledgers may repeat)
                : BatchLabel.ledgers(offset == 0 ? x.first() : ledgerOfRow.applyAsLong(offset),
                        offset + length == root.getRowCount() ? x.last() : ledgerOfRow.applyAsLong(offset + length - 1)));
        for (EncodedRecord r : records) {
            String first = RecordHeaders.text(r.headers(), RecordHeaders.LEDGER_FIRST);
            out.add(new ProducerRecord<>(topic, null, first.getBytes(StandardCharsets.UTF_8), r.value(), r.headers()));
        }
    }

    private static void header(ProducerRecord<byte[], byte[]> r, String name, String value) {
        r.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
