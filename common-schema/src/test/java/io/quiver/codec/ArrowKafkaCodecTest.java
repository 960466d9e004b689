package io.quiver.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.quiver.schema.QuiverSchema;
import io.quiver.schema.QuiverSchemas;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.schema.TokenTransferEventSchema;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.RandomRows;
import io.quiver.testing.VectorAssertions;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(ArrowAllocatorExtension.class)
class ArrowKafkaCodecTest {

    @ParameterizedTest
    @EnumSource(IpcCompression.class)
    void everySchemaDecodesToEqualVectors(IpcCompression compression, BufferAllocator allocator) throws Exception {
        ArrowKafkaCodec codec = new ArrowKafkaCodec(compression, ArrowKafkaCodec.DEFAULT_MAX_RECORD_BYTES);
        for (QuiverSchema schema : QuiverSchemas.ALL) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator)) {
                RandomRows.fill(root, 500, schema.name().hashCode());
                List<EncodedRecord> records = codec.encode(root, BatchLabel.ledgers(10, 20));
                assertEquals(1, records.size());
                EncodedRecord r = records.get(0);
                assertEquals(schema.name(), RecordHeaders.text(r.headers(), RecordHeaders.SCHEMA_NAME));
                assertEquals(schema.version().toString(), RecordHeaders.text(r.headers(), RecordHeaders.SCHEMA_VERSION));
                assertEquals("500", RecordHeaders.text(r.headers(), RecordHeaders.ROW_COUNT));
                assertEquals("10", RecordHeaders.text(r.headers(), RecordHeaders.LEDGER_FIRST));
                assertEquals("20", RecordHeaders.text(r.headers(), RecordHeaders.LEDGER_LAST));
                try (DecodedBatch decoded = codec.decode(r.value(), r.headers(), schema, allocator)) {
                    assertEquals(1, decoded.batches().size());
                    VectorSchemaRoot got = decoded.batches().get(0);
                    for (int c = 0; c < root.getFieldVectors().size(); c++) {
                        assertTrue(org.apache.arrow.vector.compare.VectorEqualsVisitor.vectorEquals(root.getVector(c), got.getVector(c)),
                                schema + "." + root.getVector(c).getName() + " differs after the round trip");
                    }
                    assertTrue(root.equals(got), schema + " vectors differ after the round trip");
                    assertEquals(schema.arrowSchema().getCustomMetadata(), decoded.batches().get(0).getSchema().getCustomMetadata());
                }
            }
        }
    }

    @Test
    void zstdMakesRepetitiveBatchesSmaller(BufferAllocator allocator) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(TokenTransferEventSchema.SCHEMA.arrowSchema(), allocator)) {
            RandomRows.fill(root, 2000, 7);
            int plain = new ArrowKafkaCodec(IpcCompression.NONE, 64 << 20).encode(root, BatchLabel.none()).get(0).value().length;
            int zstd = new ArrowKafkaCodec(IpcCompression.ZSTD, 64 << 20).encode(root, BatchLabel.none()).get(0).value().length;
            assertTrue(zstd < plain, "zstd " + zstd + " >= plain " + plain);
        }
    }

    @Test
    void aBatchOverTheRecordLimitIsSplitIntoRecordsThatEachFitAndKeepEveryRowInOrder(BufferAllocator allocator) throws Exception {
        ArrowKafkaCodec codec = new ArrowKafkaCodec(IpcCompression.NONE, 64 * 1024);
        QuiverSchema schema = StellarLedgerSchema.SCHEMA;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator)) {
            RandomRows.fill(root, 3000, 11);
            List<EncodedRecord> records = codec.encode(root, (offset, length) -> BatchLabel.ledgers(1000 + offset, 1000 + offset + length - 1));
            assertTrue(records.size() > 1, "expected a split, got " + records.size() + " record(s)");
            int next = 0;
            for (EncodedRecord r : records) {
                assertTrue(r.value().length <= 64 * 1024, "record of " + r.value().length + " bytes");
                assertEquals(Integer.toString(1000 + next), RecordHeaders.text(r.headers(), RecordHeaders.LEDGER_FIRST));
                try (DecodedBatch d = codec.decode(r.value(), r.headers(), schema, allocator)) {
                    VectorAssertions.assertRowsEqual(root, next, d.batches().get(0));
                    next += d.rowCount();
                }
            }
            assertEquals(3000, next);
        }
    }

    @Test
    void garbageIsRejectedWithAReasonNamingWhatIsWrong(BufferAllocator allocator) {
        ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
        PoisonRecordException e = assertThrows(PoisonRecordException.class, () -> codec.decode(
                "{\"type\":\"json\"}".getBytes(), null, StellarLedgerSchema.SCHEMA, allocator));
        assertTrue(e.getMessage().startsWith("not an Arrow IPC stream"), e.getMessage());
        assertThrows(PoisonRecordException.class, () -> codec.decode(new byte[0], null, StellarLedgerSchema.SCHEMA, allocator));
    }

    @Test
    void everyTruncationOfARecordIsRejectedAndReleasesItsMemory(BufferAllocator allocator) {
        ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
        QuiverSchema schema = TokenTransferEventSchema.SCHEMA;
        EncodedRecord r;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator)) {
            RandomRows.fill(root, 50, 3);
            r = codec.encode(root, BatchLabel.none()).get(0);
        }
        for (int cut = 1; cut < r.value().length; cut += Math.max(1, r.value().length / 97)) {
            byte[] truncated = Arrays.copyOf(r.value(), cut);
            PoisonRecordException e = assertThrows(PoisonRecordException.class,
                    () -> codec.decode(truncated, r.headers(), schema, allocator), "cut at " + cut);
            assertTrue(e.getMessage().length() < 400 && !e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(0, allocator.getAllocatedMemory());
    }

    @Test
    void anotherMajorVersionIsRejectedEvenWithoutHeaders(BufferAllocator allocator) {
        ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
        Schema base = StellarLedgerSchema.SCHEMA.arrowSchema();
        Map<String, String> meta = new java.util.HashMap<>(base.getCustomMetadata());
        meta.put(QuiverSchema.VERSION_KEY, "2.0.0");
        try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(base.getFields(), meta), allocator)) {
            RandomRows.fill(root, 3, 1);
            EncodedRecord r = codec.encode(root, BatchLabel.none()).get(0);
            PoisonRecordException withHeaders = assertThrows(PoisonRecordException.class,
                    () -> codec.decode(r.value(), r.headers(), StellarLedgerSchema.SCHEMA, allocator));
            assertTrue(withHeaders.getMessage().contains("version 2.0.0 is incompatible"), withHeaders.getMessage());
            PoisonRecordException noHeaders = assertThrows(PoisonRecordException.class,
                    () -> codec.decode(r.value(), null, StellarLedgerSchema.SCHEMA, allocator));
            assertTrue(noHeaders.getMessage().contains("major version 1"), noHeaders.getMessage());
        }
    }

    @Test
    void aNewerMinorVersionIsAccepted(BufferAllocator allocator) throws Exception {
        ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
        Schema base = StellarLedgerSchema.SCHEMA.arrowSchema();
        Map<String, String> meta = new java.util.HashMap<>(base.getCustomMetadata());
        meta.put(QuiverSchema.VERSION_KEY, "1.7.0");
        try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(base.getFields(), meta), allocator)) {
            RandomRows.fill(root, 3, 1);
            EncodedRecord r = codec.encode(root, BatchLabel.none()).get(0);
            try (DecodedBatch d = codec.decode(r.value(), r.headers(), StellarLedgerSchema.SCHEMA, allocator)) {
                assertEquals("1.7.0", d.version().toString());
                assertEquals(3, d.rowCount());
            }
        }
    }

    @Test
    void aRecordOfAnotherSchemaIsRejected(BufferAllocator allocator) {
        ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(TokenTransferEventSchema.SCHEMA.arrowSchema(), allocator)) {
            RandomRows.fill(root, 2, 1);
            EncodedRecord r = codec.encode(root, BatchLabel.none()).get(0);
            PoisonRecordException e = assertThrows(PoisonRecordException.class,
                    () -> codec.decode(r.value(), null, StellarLedgerSchema.SCHEMA, allocator));
            assertTrue(e.getMessage().contains("'TokenTransferEvent' where StellarLedger was expected"), e.getMessage());
        }
    }

    @Test
    void aRootWithoutQuiverMetadataCannotBeEncoded(BufferAllocator allocator) {
        Schema bare = new Schema(StellarLedgerSchema.SCHEMA.arrowSchema().getFields());
        try (VectorSchemaRoot root = VectorSchemaRoot.create(bare, allocator)) {
            assertThrows(IllegalArgumentException.class, () -> ArrowKafkaCodec.defaults().encode(root, BatchLabel.none()));
        }
    }

    @Test
    void lz4IsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpcCompression.parse("lz4_frame"));
        assertTrue(e.getMessage().contains("slower"), e.getMessage());
        assertEquals(IpcCompression.ZSTD, IpcCompression.parse("zstd"));
        assertEquals(IpcCompression.NONE, IpcCompression.parse("NONE"));
    }
}
