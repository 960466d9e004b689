package io.quiver.llo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.quiver.llo.aggregate.AggregationException;
import io.quiver.llo.aggregate.StreamAggregators;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.QuoteValue;
import io.quiver.llo.value.StreamValue;
import io.quiver.llo.value.TimestampedValue;
import org.junit.jupiter.api.Test;

class StreamAggregatorsTest {

    static StreamValue d(String s) {
        return DecimalValue.parse(s);
    }

    static QuoteValue q(String bid, String bench, String ask) {
        return new QuoteValue(LloDecimal.parse(bid), LloDecimal.parse(bench), LloDecimal.parse(ask));
    }

    static TimestampedValue t(long at, String v) {
        return new TimestampedValue(at, LloDecimal.parse(v));
    }

    @Test
    void medianOfTheReferenceExampleIsTheUpperMiddle() throws Exception {
        assertEquals(d("4.4"), StreamAggregators.median(List.of(d("1.1"), d("4.4"), d("2.2"), d("3.3"), d("6.6"), d("5.5")), 1));
        assertEquals(d("3"), StreamAggregators.median(List.of(d("1"), d("2"), d("3"), d("4")), 1));
    }

    @Test
    void medianPoolsQuoteBenchmarksValidOrNotWithDecimals() throws Exception {
        // decimal bucket (2) beats quote bucket (1); pooled: 1, 5, 9 -> 5 (the invalid quote counts)
        List<StreamValue> v = List.of(d("1"), q("10", "5", "1"), d("9"));
        assertEquals(d("5"), StreamAggregators.median(v, 1));
    }

    @Test
    void medianOfTimestampedValuesTakesValueAndTimeMediansIndependently() throws Exception {
        List<StreamValue> v = List.of(t(300, "1"), t(100, "3"), t(200, "2"), d("100"));
        assertEquals(t(200, "2"), StreamAggregators.median(v, 1));
    }

    @Test
    void medianIgnoresNullsAndNeedsMoreThanFValues() {
        List<StreamValue> v = new ArrayList<>(Arrays.asList(null, d("1"), null));
        AggregationException e = assertThrows(AggregationException.class, () -> StreamAggregators.median(v, 1));
        assertEquals("not enough observations to calculate median, expected at least f+1, got 1", e.getMessage());
    }

    @Test
    void modeReturnsTheMostCommonValueAndBreaksTiesByLowestBytes() throws Exception {
        assertEquals(d("1.1"), StreamAggregators.mode(List.of(d("1.1"), d("1.1"), d("2.2"), d("2.2")), 1));
        // 2.2 (ffffffff0216) sorts after 1.1 (ffffffff020b); 1.10 (fffffffe026e) sorts first but has count 1
        assertEquals(d("2.2"), StreamAggregators.mode(List.of(d("2.2"), d("1.10"), d("2.2"), d("1.1")), 1));
    }

    @Test
    void modeCountsExactBytesSo11And110DoNotAgree() {
        AggregationException e = assertThrows(AggregationException.class,
                () -> StreamAggregators.mode(List.of(d("1.1"), d("1.10"), d("2.2")), 1));
        assertEquals("not enough observations in agreement to calculate mode, expected at least f+1, most common value had 1", e.getMessage());
        AggregationException empty = assertThrows(AggregationException.class, () -> StreamAggregators.mode(List.of(), 1));
        assertEquals("not enough observations in agreement to calculate mode, expected at least f+1, most common value had 0", empty.getMessage());
    }

    @Test
    void modeWorksWithinTheLargestTypeBucketOnly() throws Exception {
        List<StreamValue> v = List.of(q("1", "2", "3"), q("1", "2", "3"), d("7"), d("7"), d("8"));
        assertEquals(d("7"), StreamAggregators.mode(v, 1));
    }

    @Test
    void quoteOfTheReferenceExampleTakesEachComponentsMedian() throws Exception {
        List<StreamValue> v = List.of(q("9.99", "10.0", "10.14"), q("9.88", "10.12", "10.13"), q("1.1", "9.98", "10"),
                q("10.01", "10.03", "10.10"));
        assertEquals(q("9.99", "10.03", "10.13"), StreamAggregators.quote(v, 1));
    }

    @Test
    void quoteDropsInvalidQuotesAndOtherTypes() {
        List<StreamValue> v = List.of(q("3", "2", "1"), d("5"), q("1", "2", "3"));
        AggregationException e = assertThrows(AggregationException.class, () -> StreamAggregators.quote(v, 1));
        assertEquals("not enough valid observations to aggregate quote, expected at least f+1, got 1", e.getMessage());
    }

    @Test
    void aTieBetweenTypeBucketsGoesToTheLowerTypeCode() throws Exception {
        List<StreamValue> v = List.of(t(1, "50"), t(2, "60"), d("1"), d("2"));
        assertEquals(d("2"), StreamAggregators.median(v, 1));
    }
}
