package io.quiver.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

class SchemaMetadataTest {

    @Test
    void everySchemaCarriesItsNameVersionAndADescriptionOfEveryColumn() {
        Set<String> names = new HashSet<>();
        for (QuiverSchema s : QuiverSchemas.ALL) {
            assertTrue(names.add(s.name()), "duplicate schema name " + s.name());
            var meta = s.arrowSchema().getCustomMetadata();
            assertEquals(s.name(), meta.get(QuiverSchema.NAME_KEY));
            assertEquals(s.version(), SchemaVersion.parse(meta.get(QuiverSchema.VERSION_KEY)));
            assertFalse(meta.get(QuiverSchema.SCHEMA_DESCRIPTION_KEY).isBlank());
            Set<String> columns = new HashSet<>();
            for (Field f : s.arrowSchema().getFields()) {
                assertTrue(columns.add(f.getName()), s + " repeats column " + f.getName());
                String d = f.getMetadata().get(QuiverSchema.DESCRIPTION_KEY);
                assertNotNull(d, s + "." + f.getName() + " has no description");
                assertFalse(d.isBlank());
            }
        }
        assertEquals(10, names.size());
    }

    @Test
    void amountsAreExactTextAndDecimalNeverFloatingPointOrInt64() {
        QuiverSchema s = TokenTransferEventSchema.SCHEMA;
        Field amount = s.arrowSchema().findField(TokenTransferEventSchema.AMOUNT);
        Field decimal = s.arrowSchema().findField(TokenTransferEventSchema.AMOUNT_DECIMAL);
        assertEquals(ArrowType.Utf8.INSTANCE, amount.getType());
        assertEquals(new ArrowType.Decimal(38, 0, 128), decimal.getType());
        for (QuiverSchema any : QuiverSchemas.ALL) {
            for (Field f : any.arrowSchema().getFields()) {
                assertFalse(f.getType() instanceof ArrowType.FloatingPoint, any + "." + f.getName() + " is floating point");
            }
        }
    }

    @Test
    void ledgerHashesAreFixedSize32AndCloseTimeIsMicrosecondsUtc() {
        var schema = StellarLedgerSchema.SCHEMA.arrowSchema();
        assertEquals(new ArrowType.FixedSizeBinary(32), schema.findField(StellarLedgerSchema.LEDGER_HASH).getType());
        assertEquals(new ArrowType.FixedSizeBinary(32), schema.findField(StellarLedgerSchema.PREVIOUS_LEDGER_HASH).getType());
        assertEquals(new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MICROSECOND, "UTC"),
                schema.findField(StellarLedgerSchema.CLOSED_AT).getType());
    }

    @Test
    void versionsParseAndOnlyTheSameMajorIsReadable() {
        SchemaVersion v1 = SchemaVersion.parse("1.2.3");
        assertEquals(new SchemaVersion(1, 2, 3), v1);
        assertTrue(v1.canRead(SchemaVersion.parse("1.9.0")));
        assertFalse(v1.canRead(SchemaVersion.parse("2.0.0")));
        assertThrows(IllegalArgumentException.class, () -> SchemaVersion.parse("1.2"));
        assertThrows(IllegalArgumentException.class, () -> SchemaVersion.parse("one.two.three"));
    }

    @Test
    void aMisspelledColumnIsAnErrorNotMinusOne() {
        assertThrows(IllegalArgumentException.class, () -> StellarLedgerSchema.SCHEMA.columnIndex("sequnce"));
        assertEquals(0, StellarLedgerSchema.SCHEMA.columnIndex(StellarLedgerSchema.SEQUENCE));
    }
}
