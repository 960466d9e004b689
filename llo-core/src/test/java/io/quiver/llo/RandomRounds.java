package io.quiver.llo;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.quiver.llo.aggregate.Aggregator;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.round.RoundInput;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.QuoteValue;
import io.quiver.llo.value.StreamValue;
import io.quiver.llo.value.TimestampedValue;

/**
 * Random rounds full of the cases that separate implementations: values that agree (for mode),
 * the same number written two ways (1.1 / 1.10), invalid quotes, mixed types in a stream, missing
 * values, equal and unsigned-large timestamps, negative and huge coefficients, tombstoned channels,
 * calculated streams, and previous outcomes to carry forward.
 */
final class RandomRounds {

    private RandomRounds() {
    }

    /** About {@code values} stream values spread over {@code nodes} nodes. */
    static RoundInput round(int values, int nodes, int f, long seed) {
        Random rnd = new Random(seed);
        int streams = Math.max(1, values / nodes);
        List<ChannelDefinition> channels = new ArrayList<>();
        Map<StreamRef, StreamValue> previous = new HashMap<>();
        int perChannel = Math.max(1, Math.min(10, streams));
        for (int s = 0, c = 0; s < streams; s += perChannel, c++) {
            List<StreamRef> refs = new ArrayList<>();
            for (int k = s; k < Math.min(streams, s + perChannel); k++) {
                Aggregator a = switch (k % 7) {
                    case 0, 1, 2 -> Aggregator.MEDIAN;
                    case 3, 4 -> Aggregator.MODE;
                    case 5 -> Aggregator.QUOTE;
                    default -> rnd.nextInt(5) == 0 ? Aggregator.CALCULATED : Aggregator.MEDIAN;
                };
                refs.add(new StreamRef(k + 1, a));
                if (rnd.nextInt(6) == 0) {
                    refs.add(new StreamRef(k + 1, Aggregator.MODE));
                }
                if (rnd.nextInt(8) == 0) {
                    previous.put(new StreamRef(k + 1, a), new TimestampedValue(rnd.nextInt(2000), decimal(rnd)));
                }
            }
            channels.add(new ChannelDefinition(c, "json", refs, c > 0 && rnd.nextInt(12) == 0));
        }
        List<NodeObservation> obs = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            Map<Long, StreamValue> sv = new LinkedHashMap<>();
            for (int s = 1; s <= streams; s++) {
                if (rnd.nextInt(10) == 0) {
                    continue; // this node has no value for the stream
                }
                sv.put((long) s, value(rnd, s));
            }
            long ts = rnd.nextInt(4) == 0 ? 1_700_000_000_000_000_000L : 1_700_000_000_000_000_000L + rnd.nextInt(1_000_000);
            obs.add(new NodeObservation(node, ts, sv));
        }
        return new RoundInput(f, channels, previous, obs);
    }

    private static StreamValue value(Random rnd, int stream) {
        int kind = stream % 7 == 5 ? 1 : (stream % 11 == 0 ? 2 : 0);
        if (rnd.nextInt(15) == 0) {
            kind = rnd.nextInt(3); // mixed types within a stream
        }
        return switch (kind) {
            case 0 -> new DecimalValue(stream % 7 >= 3 && stream % 7 <= 4 ? agreeing(rnd)
                    : stream % 3 == 0 ? samePrecisionPrice(rnd) : decimal(rnd));
            case 1 -> {
                LloDecimal a = decimal(rnd);
                LloDecimal b = decimal(rnd);
                LloDecimal c = decimal(rnd);
                yield rnd.nextInt(4) == 0 ? new QuoteValue(c, b, a) : sortedQuote(a, b, c);
            }
            default -> new TimestampedValue(rnd.nextInt(8) == 0 ? -1L : rnd.nextInt(3000), decimal(rnd));
        };
    }

    private static QuoteValue sortedQuote(LloDecimal a, LloDecimal b, LloDecimal c) {
        List<LloDecimal> l = new ArrayList<>(List.of(a, b, c));
        l.sort(null);
        return new QuoteValue(l.get(0), l.get(1), l.get(2));
    }

    /** Prices sharing exponent -8 (the Arrow path's fast median), now and then one too wide for it. */
    private static LloDecimal samePrecisionPrice(Random rnd) {
        BigInteger coefficient = rnd.nextInt(20) == 0 ? new BigInteger(70, rnd) : BigInteger.valueOf(rnd.nextInt(2000) - 1000);
        return LloDecimal.of(coefficient, -8);
    }

    /** Few distinct values, some written two ways, so modes form and ties happen. */
    private static LloDecimal agreeing(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> LloDecimal.parse("1.1");
            case 1 -> LloDecimal.parse("1.10");
            case 2 -> LloDecimal.parse("2.2");
            case 3 -> LloDecimal.parse("-3");
            default -> LloDecimal.parse("0");
        };
    }

    private static LloDecimal decimal(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> LloDecimal.of(new BigInteger(100, rnd).negate(), -rnd.nextInt(30));
            case 1 -> LloDecimal.of(BigInteger.valueOf(rnd.nextInt(1000)), 0);
            case 2 -> LloDecimal.of(BigInteger.valueOf(rnd.nextInt(1000) * 10L), -1);
            default -> LloDecimal.of(BigInteger.valueOf(rnd.nextLong() >>> 20), -rnd.nextInt(18));
        };
    }
}
