package io.quiver.llo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;

import io.quiver.llo.arrow.ObservationMerger;
import io.quiver.llo.arrow.StreamValueCells;
import io.quiver.llo.round.NodeObservation;
import io.quiver.schema.LloSchemas;
import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The cheap validation agrees with decoding: what it accepts decodes, what it rejects would not. */
@ExtendWith(ArrowAllocatorExtension.class)
class StreamValueCellsTest {

    @Test
    void validRowsPassAndForgedDecimalsAreRejectedNamingTheColumn(BufferAllocator allocator) {
        NodeObservation node = RandomRounds.round(400, 4, 1, 5).observations().get(0);
        try (VectorSchemaRoot root = new ObservationMerger().merge(List.of(node), allocator)) {
            StreamValueCells cells = new StreamValueCells(root);
            for (int row = 0; row < root.getRowCount(); row++) {
                cells.validate(row);
                cells.get(row); // and it decodes
            }
            VarBinaryVector decimal = (VarBinaryVector) root.getVector(LloSchemas.DECIMAL_VALUE);
            int row = 0;
            while (decimal.isNull(row)) {
                row++;
            }
            final int bad = row;
            decimal.set(bad, HexFormat.of().parseHex("7fffffff0201")); // exponent 2^31-1
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cells.validate(bad));
            assertTrue(e.getMessage().startsWith("decimal_value: decimal exponent out of range"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> cells.get(bad), "decoding agrees");
            decimal.set(bad, HexFormat.of().parseHex("000000000901"));
            assertEquals("decimal_value: bad decimal sign byte 0x9",
                    assertThrows(IllegalArgumentException.class, () -> cells.validate(bad)).getMessage());
            decimal.set(bad, new byte[2]);
            assertThrows(IllegalArgumentException.class, () -> cells.validate(bad));
        }
    }
}
