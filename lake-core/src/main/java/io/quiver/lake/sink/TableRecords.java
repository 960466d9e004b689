package io.quiver.lake.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.PoisonRecordException;
import io.quiver.codec.RecordHeaders;
import io.quiver.kafka.RecordContract;
import io.quiver.lake.format.FileLayout;
import io.quiver.lake.format.SchemaCheck;
import io.quiver.lake.table.RowRouter;
import io.quiver.lake.table.TableLayout;
import io.quiver.lake.table.TableSpec;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records of one table's topic read as the rows its files take: decoded, checked (the record
 * contract, the headers, the table's schema, a hive partition and a writable layout for every batch)
 * and split by hive partition, or refused with the reason. The one reading of a record for the
 * sink, which writes the rows into files, and for the query engine's tail, which shows the rows not
 * yet in a committed file. Not thread-safe: one per table per reader.
 */
public final class TableRecords {

    private final TableSpec table;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final RowRouter router;
    /** The checked file layout of each batch schema seen (a topic carries one or two). */
    private final Map<Schema, FileLayout> layouts = new HashMap<>();

    public TableRecords(TableSpec table, ArrowKafkaCodec codec, BufferAllocator allocator) {
        this.table = table;
        this.codec = codec;
        this.allocator = allocator;
        this.router = new RowRouter(table);
    }

    public TableSpec table() {
        return table;
    }

    /**
     * One record as rows, everything that can refuse it checked before any row is written (so a
     * refused record leaves nothing behind in an open file).
     */
    public Rows read(ConsumerRecord<byte[], byte[]> r) {
        String broken = RecordContract.violation(r);
        if (broken != null) {
            return Rows.refused(broken);
        }
        DecodedBatch batch;
        try {
            batch = codec.decodeAny(r.value(), r.headers(), allocator);
        } catch (PoisonRecordException e) {
            return Rows.refused(e.getMessage());
        }
        String refused = null;
        try {
            refused = RecordContract.headerViolation(r);
            if (refused == null && table.schema() != null && !table.schema().equals(batch.schemaName())) {
                refused = "schema " + batch.schemaName() + " where table " + table.name() + " takes " + table.schema();
            }
            long[] constants = refused == null ? constants(r) : null;
            if (refused == null && constants == null) {
                refused = "a header the table " + table.name() + " takes a column from is missing or not a number: "
                        + table.headerColumns().values();
            }
            if (refused == null) {
                List<List<RowRouter.Group>> routed = new ArrayList<>();
                try {
                    for (VectorSchemaRoot root : batch.batches()) {
                        routed.add(router.route(root, r.timestamp() * 1000L));
                        layout(root.getSchema());
                    }
                } catch (IllegalArgumentException e) {
                    refused = "table " + table.name() + ": " + e.getMessage();
                }
                if (refused == null) {
                    Rows rows = new Rows(null, batch, routed, constants);
                    batch = null;
                    return rows;
                }
            }
            return Rows.refused(refused);
        } finally {
            if (batch != null) {
                batch.close();
            }
        }
    }

    /**
     * The file layout of a batch schema in this table, checked once per schema.
     *
     * @throws IllegalArgumentException naming the column the lake cannot write
     */
    public FileLayout layout(Schema batchSchema) {
        FileLayout layout = layouts.get(batchSchema);
        if (layout == null) {
            layout = TableLayout.of(table, batchSchema);
            SchemaCheck.check(layout);
            layouts.put(batchSchema, layout);
        }
        return layout;
    }

    private long[] constants(ConsumerRecord<byte[], byte[]> r) {
        List<String> headers = TableLayout.constantHeaders(table);
        int n = headers.size() + (table.kafkaTimestampColumn() == null ? 0 : 1);
        long[] out = new long[n];
        for (int i = 0; i < headers.size(); i++) {
            OptionalLong v = RecordHeaders.number(r.headers(), headers.get(i));
            if (v.isEmpty()) {
                return null;
            }
            out[i] = v.getAsLong();
        }
        if (table.kafkaTimestampColumn() != null) {
            out[n - 1] = r.timestamp() * 1000L;
        }
        return out;
    }

    /**
     * A record's rows: its decoded batches, each split by hive partition, and the values of the
     * table's constant columns; or only the reason it was refused (then there is nothing to close).
     */
    public static final class Rows implements AutoCloseable {
        private final String refused;
        private final DecodedBatch batch;
        private final List<List<RowRouter.Group>> routed;
        private final long[] constants;

        private Rows(String refused, DecodedBatch batch, List<List<RowRouter.Group>> routed, long[] constants) {
            this.refused = refused;
            this.batch = batch;
            this.routed = routed;
            this.constants = constants;
        }

        static Rows refused(String reason) {
            return new Rows(reason, null, List.of(), null);
        }

        /** Why the table cannot take the record, or null. */
        public String refused() {
            return refused;
        }

        public DecodedBatch batch() {
            return batch;
        }

        /** Per batch of {@link #batch()}, its rows by hive partition. */
        public List<List<RowRouter.Group>> routed() {
            return routed;
        }

        /** One value per constant column of the table's layout, in order. */
        public long[] constants() {
            return constants;
        }

        @Override
        public void close() {
            if (batch != null) {
                batch.close();
            }
        }
    }
}
