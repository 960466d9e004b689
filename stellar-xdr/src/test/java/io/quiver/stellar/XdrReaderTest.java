package io.quiver.stellar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import io.quiver.stellar.xdr.XdrException;
import io.quiver.stellar.xdr.XdrReader;
import io.quiver.stellar.xdr.XdrWriter;
import org.junit.jupiter.api.Test;

class XdrReaderTest {

    @Test
    void primitivesRoundTripByteForByte() {
        byte[] xdr = new XdrWriter().writeInt(-7).writeHyper(Long.MIN_VALUE + 5).writeBool(true)
                .writeVarOpaque(new byte[] {1, 2, 3}).writeString("native").writeFixedOpaque(new byte[32]).toByteArray();
        XdrReader r = new XdrReader(xdr);
        assertEquals(-7, r.readInt("int32"));
        assertEquals(Long.MIN_VALUE + 5, r.readHyper("int64"));
        assertTrue(r.readBool("bool"));
        byte[] opaque = r.readVarOpaque(64, "opaque<64>");
        assertArrayEquals(new byte[] {1, 2, 3}, opaque);
        assertEquals("native", r.readString(32, "string32"));
        assertArrayEquals(new byte[32], r.readFixedOpaque(32, "Hash"));
        assertTrue(r.atEnd());
        assertEquals("00000003010203" + "00", HexFormat.of().formatHex(new XdrWriter().writeVarOpaque(new byte[] {1, 2, 3}).toByteArray()));
    }

    @Test
    void errorsNameTheTypeAndTheOffset() {
        XdrException truncated = assertThrows(XdrException.class, () -> new XdrReader(new byte[6], 0, 6).readHyper("SequenceNumber"));
        assertEquals("XDR SequenceNumber at byte 0: truncated: needs 8 bytes, 6 left", truncated.getMessage());
        XdrReader arm = new XdrReader(new XdrWriter().writeInt(0).writeInt(9).toByteArray());
        arm.readInt("uint32");
        XdrException unknown = assertThrows(XdrException.class, () -> arm.readEnum("LedgerCloseMeta", 0, 1, 2));
        assertEquals("XDR LedgerCloseMeta at byte 4: unknown arm or value 9", unknown.getMessage());
        XdrException padding = assertThrows(XdrException.class,
                () -> new XdrReader(HexFormat.of().parseHex("0000000101ff0000")).readVarOpaque(8, "opaque<8>"));
        assertEquals(5, padding.offset());
    }

    @Test
    void aForgedLengthIsRejectedBeforeAnyAllocation() {
        byte[] forged = HexFormat.of().parseHex("7fffffff00000000");
        XdrException e = assertThrows(XdrException.class, () -> new XdrReader(forged).readVarOpaque(0xFFFFFFFFL, "opaque<>"));
        assertTrue(e.getMessage().contains("exceeds the 4 bytes left"), e.getMessage());
        XdrException tooMany = assertThrows(XdrException.class,
                () -> new XdrReader(HexFormat.of().parseHex("00000003")).readLength(2, 4, "TransactionEnvelope<2>"));
        assertTrue(tooMany.getMessage().contains("exceeds the maximum 2"), tooMany.getMessage());
    }
}
