package io.quiver.llo.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.QuoteValue;
import io.quiver.llo.value.StreamValue;
import io.quiver.llo.value.TimestampedValue;

/**
 * Median, mode and quote over one stream's values (one per node, in observation order, nulls
 * allowed), with the production plugin's rules, tie-breaks and error texts. A result needs more
 * than {@code f} usable values.
 */
public final class StreamAggregators {

    private StreamAggregators() {
    }

    public static StreamValue aggregate(Aggregator aggregator, List<StreamValue> values, int f) throws AggregationException {
        return switch (aggregator) {
            case MEDIAN -> median(values, f);
            case MODE -> mode(values, f);
            case QUOTE -> quote(values, f);
            case CALCULATED -> throw new IllegalArgumentException("calculated streams are not aggregated");
        };
    }

    /**
     * The type with the most values; a tie goes to the lower type code. Empty input: decimal.
     */
    static int mostCommonType(List<StreamValue> values) {
        int[] counts = new int[3];
        for (StreamValue v : values) {
            if (v != null) {
                counts[v.type()]++;
            }
        }
        int best = 0;
        for (int t = 1; t < 3; t++) {
            if (counts[t] > counts[best]) {
                best = t;
            }
        }
        return best;
    }

    public static StreamValue median(List<StreamValue> values, int f) throws AggregationException {
        int type = mostCommonType(values);
        if (type == StreamValue.TYPE_TIMESTAMPED) {
            List<LloDecimal> decimals = new ArrayList<>();
            long[] timestamps = new long[count(values, StreamValue.TYPE_TIMESTAMPED)];
            int i = 0;
            for (StreamValue v : values) {
                if (v instanceof TimestampedValue t) {
                    decimals.add(t.value());
                    timestamps[i++] = t.observedAtNanos();
                }
            }
            LloDecimal median = medianOf(decimals, f);
            // unsigned order, as Go sorts uint64
            Long[] boxed = Arrays.stream(timestamps).boxed().toArray(Long[]::new);
            Arrays.sort(boxed, Long::compareUnsigned);
            return new TimestampedValue(boxed[boxed.length / 2], median);
        }
        // decimal or quote wins: pool every decimal and every quote's benchmark, valid or not
        List<LloDecimal> pooled = new ArrayList<>(values.size());
        for (StreamValue v : values) {
            if (v instanceof DecimalValue d) {
                pooled.add(d.value());
            } else if (v instanceof QuoteValue q) {
                pooled.add(q.benchmark());
            }
        }
        return new DecimalValue(medianOf(pooled, f));
    }

    private static LloDecimal medianOf(List<LloDecimal> pooled, int f) throws AggregationException {
        if (pooled.size() <= f) {
            throw new AggregationException("not enough observations to calculate median, expected at least f+1, got " + pooled.size());
        }
        // Numerically equal values written differently (1.1, 1.10) are the same number at any rank;
        // which spelling is returned then follows our stable sort, where Go's unstable sort may
        // pick the other one. The numeric result is identical.
        pooled.sort(Comparator.naturalOrder());
        return pooled.get(pooled.size() / 2);
    }

    public static StreamValue mode(List<StreamValue> values, int f) throws AggregationException {
        int type = mostCommonType(values);
        // count by exact binary form; TreeMap walks keys in ascending unsigned byte order
        Map<byte[], int[]> counts = new TreeMap<>(Arrays::compareUnsigned);
        Map<byte[], StreamValue> firstOf = new TreeMap<>(Arrays::compareUnsigned);
        for (StreamValue v : values) {
            if (v != null && v.type() == type) {
                byte[] key = v.toBinary();
                counts.computeIfAbsent(key, k -> new int[1])[0]++;
                firstOf.putIfAbsent(key, v);
            }
        }
        byte[] modeKey = null;
        int modeCount = 0;
        for (Map.Entry<byte[], int[]> e : counts.entrySet()) {
            if (e.getValue()[0] > modeCount) {
                modeKey = e.getKey();
                modeCount = e.getValue()[0];
            }
        }
        if (modeCount < f + 1) {
            throw new AggregationException("not enough observations in agreement to calculate mode, expected at least f+1, most common value had " + modeCount);
        }
        return firstOf.get(modeKey);
    }

    public static StreamValue quote(List<StreamValue> values, int f) throws AggregationException {
        List<QuoteValue> valid = new ArrayList<>();
        for (StreamValue v : values) {
            if (v instanceof QuoteValue q && q.isValid()) {
                valid.add(q);
            }
        }
        if (valid.size() <= f) {
            throw new AggregationException("not enough valid observations to aggregate quote, expected at least f+1, got " + valid.size());
        }
        int mid = valid.size() / 2;
        List<LloDecimal> bids = new ArrayList<>();
        List<LloDecimal> benchmarks = new ArrayList<>();
        List<LloDecimal> asks = new ArrayList<>();
        for (QuoteValue q : valid) {
            bids.add(q.bid());
            benchmarks.add(q.benchmark());
            asks.add(q.ask());
        }
        bids.sort(Comparator.naturalOrder());
        benchmarks.sort(Comparator.naturalOrder());
        asks.sort(Comparator.naturalOrder());
        return new QuoteValue(bids.get(mid), benchmarks.get(mid), asks.get(mid));
    }

    private static int count(List<StreamValue> values, int type) {
        int n = 0;
        for (StreamValue v : values) {
            if (v != null && v.type() == type) {
                n++;
            }
        }
        return n;
    }
}
