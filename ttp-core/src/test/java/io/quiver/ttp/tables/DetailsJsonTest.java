package io.quiver.ttp.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@link DetailsJson}'s long arithmetic against BigDecimal (the way details were written before),
 * and its nesting against a JSON parser.
 */
class DetailsJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void amountsAreExactPlainSevenDecimalText() {
        Random random = new Random(18);
        long[] edges = {0, 1, -1, 9_999_999, 10_000_000, -10_000_001, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (long v : edges) {
            assertEquals(BigDecimal.valueOf(v, 7).toPlainString(), DetailsJson.appendScaled7(new StringBuilder(), v).toString(), "value " + v);
        }
        for (int i = 0; i < 100_000; i++) {
            long v = i % 2 == 0 ? random.nextLong() : random.nextInt();
            assertEquals(BigDecimal.valueOf(v, 7).toPlainString(), DetailsJson.appendScaled7(new StringBuilder(), v).toString(), "value " + v);
        }
    }

    @Test
    void pricesRoundHalfEvenLikeBigDecimal() {
        Random random = new Random(7);
        int[][] edges = {{1, 3}, {2, 3}, {1, 2}, {5, 20_000_000}, {15, 20_000_000}, {25, 20_000_000}, {Integer.MAX_VALUE, 1},
                {Integer.MAX_VALUE, Integer.MAX_VALUE}, {1, Integer.MAX_VALUE}, {0, 7}, {-1, 3}, {3, -7}};
        for (int[] e : edges) {
            assertEquals(expectedRatio(e[0], e[1]), ratio(e[0], e[1]), e[0] + "/" + e[1]);
        }
        for (int i = 0; i < 100_000; i++) {
            int n = random.nextInt(Integer.MAX_VALUE);
            int d = 1 + random.nextInt(i % 2 == 0 ? Integer.MAX_VALUE - 1 : 1000);
            assertEquals(expectedRatio(n, d), ratio(n, d), n + "/" + d);
        }
        assertThrows(ArithmeticException.class, () -> ratio(1, 0), "a zero denominator is an error, as with BigDecimal");
    }

    @Test
    void nestedObjectsAndArraysAreValidJsonInPutOrder() throws Exception {
        DetailsJson d = new DetailsJson(16);
        d.text("a", "x\"y\n").number("n", -5).bool("ok", true).text("none", null).beginArray("path");
        d.beginElement().text("asset_type", "native").endObject();
        d.beginElement().beginObject("inner").amount("amount", 12_345).endObject().endObject();
        d.endArray().beginArray("empty").endArray().raw("args", "[1,{\"k\":2}]").ratio("price", 1, 4);
        String text = d.finish();
        assertEquals("{\"a\":\"x\\\"y\\n\",\"n\":-5,\"ok\":true,\"none\":null,\"path\":[{\"asset_type\":\"native\"},"
                + "{\"inner\":{\"amount\":0.0012345}}],\"empty\":[],\"args\":[1,{\"k\":2}],\"price\":0.2500000}", text);
        JsonNode tree = JSON.readTree(text);
        assertEquals(new BigDecimal("0.0012345"), tree.get("path").get(1).get("inner").get("amount").decimalValue());
        DetailsJson open = new DetailsJson(16).beginObject("x");
        assertThrows(IllegalStateException.class, open::finish, "an object left open is a bug, not a truncated column");
    }

    private static String ratio(int n, int d) {
        String text = new DetailsJson(16).ratio("p", n, d).finish();
        return text.substring("{\"p\":".length(), text.length() - 1);
    }

    private static String expectedRatio(int n, int d) {
        return new BigDecimal(n).divide(new BigDecimal(d), 7, RoundingMode.HALF_EVEN).toPlainString();
    }
}
