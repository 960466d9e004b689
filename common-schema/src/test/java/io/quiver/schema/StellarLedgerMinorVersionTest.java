package io.quiver.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.EncodedRecord;
import io.quiver.codec.IpcCompression;
import io.quiver.codec.PoisonRecordException;
import io.quiver.schema.rows.StellarLedgerRow;
import io.quiver.schema.rows.StellarLedgerVectors;
import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * StellarLedger 1.1 only added nullable columns at the end: a consumer built for 1.0 (the schema as
 * it was, rebuilt here from 1.1's first 15 columns) reads 1.1 batches through the codec, and 1.1
 * code reads batches written by 1.0 with the new columns absent.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class StellarLedgerMinorVersionTest {

    private static final int COLUMNS_OF_1_0 = 15;
    private static final QuiverSchema V1_0 = new QuiverSchema(StellarLedgerSchema.NAME, new SchemaVersion(1, 0, 0),
            "StellarLedger as 1.0 published it", StellarLedgerSchema.SCHEMA.arrowSchema().getFields().subList(0, COLUMNS_OF_1_0));

    private final ArrowKafkaCodec codec = new ArrowKafkaCodec(IpcCompression.ZSTD, ArrowKafkaCodec.DEFAULT_MAX_RECORD_BYTES);

    private static StellarLedgerRow row(long sequence, StellarLedgerRow.HeaderFacts facts) {
        return new StellarLedgerRow(sequence, new byte[32], new byte[32], Instant.parse("2026-12-01T00:00:00Z"), 23, 2, 3, 2, 1, 5,
                100, 5_000_000, new byte[32], "file", new byte[] {1, 2, 3}, facts);
    }

    @Test
    void the11ColumnsAreNullableAndAtTheEnd() {
        assertEquals(new SchemaVersion(1, 1, 0), StellarLedgerSchema.VERSION);
        List<Field> fields = StellarLedgerSchema.SCHEMA.arrowSchema().getFields();
        for (int c = COLUMNS_OF_1_0; c < fields.size(); c++) {
            assertTrue(fields.get(c).isNullable(), fields.get(c).getName() + " added in a minor version must be nullable");
        }
        assertTrue(StellarLedgerSchema.VERSION.canRead(V1_0.version()));
    }

    @Test
    void aConsumerBuiltFor10Reads11Batches(BufferAllocator allocator) throws Exception {
        StellarLedgerRow.HeaderFacts facts = new StellarLedgerRow.HeaderFacts(7L << 32, 1_000_000_000_000_000_000L, 9_040_920, 100,
                null, 4096L, "GD5KD2KEZJIGTC63IGW6UMUSMVUVG5IHG64HUTFWCHVZH2N2IBOQN7PS", new byte[64], new byte[] {9, 9});
        EncodedRecord r;
        try (VectorSchemaRoot root = StellarLedgerVectors.newRoot(allocator)) {
            new StellarLedgerVectors(root).appendAll(List.of(row(7, facts), row(8, null)));
            r = codec.encode(root, BatchLabel.ledgers(7, 8)).get(0);
        }
        try (DecodedBatch old = codec.decode(r.value(), r.headers(), V1_0, allocator)) {
            VectorSchemaRoot got = old.batches().get(0);
            // the 1.0 reader finds every column it knows, by name and type
            assertEquals(7, Integer.toUnsignedLong(((UInt4Vector) got.getVector(StellarLedgerSchema.SEQUENCE)).get(0)));
            assertArrayEquals(new byte[] {1, 2, 3}, ((VarBinaryVector) got.getVector(StellarLedgerSchema.LEDGER_CLOSE_META)).get(1));
        }
        try (DecodedBatch now = codec.decode(r.value(), r.headers(), StellarLedgerSchema.SCHEMA, allocator)) {
            StellarLedgerVectors v = new StellarLedgerVectors(now.batches().get(0));
            StellarLedgerRow.HeaderFacts back = v.get(0).header();
            assertNotNull(back);
            assertEquals(facts.totalCoins(), back.totalCoins());
            assertEquals(4096L, back.liveSorobanStateBytes());
            assertNull(back.sorobanFeeWrite1kb());
            assertEquals(facts.nodeId(), back.nodeId());
            assertNull(v.get(1).header(), "a row written without header facts reads back without them");
        }
    }

    @Test
    void code11Reads10BatchesWithoutTheNewColumns(BufferAllocator allocator) throws Exception {
        EncodedRecord r;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(V1_0.arrowSchema(), allocator)) {
            root.allocateNew();
            ((UInt4Vector) root.getVector(StellarLedgerSchema.SEQUENCE)).setSafe(0, 42);
            for (var vec : root.getFieldVectors()) {
                if (vec != root.getVector(StellarLedgerSchema.SEQUENCE)) {
                    fillOne(vec);
                }
            }
            root.setRowCount(1);
            r = codec.encode(root, BatchLabel.ledgers(42, 42)).get(0);
        }
        try (DecodedBatch b = codec.decode(r.value(), r.headers(), StellarLedgerSchema.SCHEMA, allocator)) {
            StellarLedgerRow row = new StellarLedgerVectors(b.batches().get(0)).get(0);
            assertEquals(42, row.sequence());
            assertNull(row.header());
        }
    }

    @Test
    void aMissingRequiredColumnIsStillPoison(BufferAllocator allocator) {
        // 1.1 data lacking a column 1.0 already had is not an older minor version: refused, naming the column
        QuiverSchema broken = new QuiverSchema(StellarLedgerSchema.NAME, new SchemaVersion(1, 1, 0), "broken",
                StellarLedgerSchema.SCHEMA.arrowSchema().getFields().subList(1, COLUMNS_OF_1_0));
        EncodedRecord r;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(broken.arrowSchema(), allocator)) {
            root.allocateNew();
            root.getFieldVectors().forEach(StellarLedgerMinorVersionTest::fillOne);
            root.setRowCount(1);
            r = codec.encode(root, BatchLabel.ledgers(1, 1)).get(0);
        }
        PoisonRecordException e = assertThrows(PoisonRecordException.class,
                () -> codec.decode(r.value(), r.headers(), StellarLedgerSchema.SCHEMA, allocator).close());
        assertTrue(e.getMessage().contains("'sequence'"), e.getMessage());
    }

    private static void fillOne(org.apache.arrow.vector.FieldVector v) {
        if (v instanceof org.apache.arrow.vector.FixedSizeBinaryVector f) {
            f.setSafe(0, new byte[f.getByteWidth()]);
        } else if (v instanceof org.apache.arrow.vector.BaseVariableWidthVector w) {
            w.setSafe(0, new byte[] {1});
        } else if (v instanceof org.apache.arrow.vector.TimeStampMicroTZVector t) {
            t.setSafe(0, 0);
        } else if (v instanceof UInt4Vector u) {
            u.setSafe(0, 1);
        } else if (v instanceof org.apache.arrow.vector.UInt1Vector u) {
            u.setSafe(0, 1);
        } else {
            throw new IllegalArgumentException(v.getName());
        }
    }
}
