package io.quiver.llo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import io.quiver.llo.value.LloDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LloDecimalTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1, 000000000201",
            "-1, 000000000301",
            "123.456, fffffffd0201e240",
            "100.00, fffffffe022710",
            "1.1, ffffffff020b",
            "1e-1000, fffffc180201",
            "0, 0000000002",
    })
    void binaryFormMatchesShopspringMarshalBinary(String text, String hex) {
        LloDecimal d = LloDecimal.parse(text);
        assertEquals(hex, d.toHex());
        LloDecimal back = LloDecimal.fromBinary(HexFormat.of().parseHex(hex));
        assertEquals(d, back);
        assertEquals(0, d.compareTo(back));
    }

    @Test
    void writtenDigitsAreKeptSo11And110DifferInBytesButCompareEqual() {
        LloDecimal a = LloDecimal.parse("1.1");
        LloDecimal b = LloDecimal.parse("1.10");
        assertNotEquals(a, b);
        assertNotEquals(a.toHex(), b.toHex());
        assertEquals(0, a.compareTo(b));
        assertEquals("1.1", b.toString());
        assertEquals("1000", LloDecimal.parse("1e3").toString());
        assertEquals("-0.05", LloDecimal.parse("-5e-2").toString());
    }

    @Test
    void exponentsBeyond1000AreRejectedFromTextAndBinary() {
        assertThrows(IllegalArgumentException.class, () -> LloDecimal.parse("1e-1001"));
        assertThrows(IllegalArgumentException.class, () -> LloDecimal.parse("1e1001"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LloDecimal.fromBinary(HexFormat.of().parseHex("7fffffff0201")));
        assertTrue(e.getMessage().contains("exponent out of range"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LloDecimal.fromBinary(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> LloDecimal.parse("1.2.3"));
    }

    @Test
    void theZeroValueDecimalIsFourExponentBytes() {
        LloDecimal z = LloDecimal.fromBinary(new byte[4]);
        assertEquals("0", z.toString());
    }
}
