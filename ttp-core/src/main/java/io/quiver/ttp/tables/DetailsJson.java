package io.quiver.ttp.tables;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.quiver.schema.rows.JsonText;

/**
 * An operation's {@code details} object, written as it is built: keys in the order they are put,
 * text escaped by {@link JsonText}, amounts as exact plain decimals ({@code 10.0000000}, never
 * {@code 1E+1}). It replaced a Jackson tree that was built and then walked: the tree's maps and
 * boxed numbers were most of an operation row's cost on classic (offer-heavy) ledgers. Nesting
 * depth is at most 63.
 */
final class DetailsJson {

    private static final long STROOPS_PER_UNIT = 10_000_000L;

    private final StringBuilder b;
    /** Bit d set: the object or array open at depth d already has a member (a comma comes next). */
    private long hasMember;
    private int depth;

    DetailsJson(int capacity) {
        b = new StringBuilder(capacity).append('{');
    }

    /** The object's text; the writer is done with. */
    String finish() {
        if (depth != 0) {
            throw new IllegalStateException("details JSON closed at depth " + depth);
        }
        return b.append('}').toString();
    }

    DetailsJson text(String key, String value) {
        key(key);
        if (value == null) {
            b.append("null");
        } else {
            JsonText.quote(b, value);
        }
        return this;
    }

    DetailsJson number(String key, long value) {
        key(key).append(value);
        return this;
    }

    DetailsJson bool(String key, boolean value) {
        key(key).append(value);
        return this;
    }

    /** Stroops as units of the asset: seven decimals, exactly. */
    DetailsJson amount(String key, long stroops) {
        appendScaled7(key(key), stroops);
        return this;
    }

    /** {@code n / d} rounded half-even to seven decimals, as Stellar's prices are shown. */
    DetailsJson ratio(String key, int n, int d) {
        key(key);
        if (n >= 0 && d > 0) {
            long scaled = n * STROOPS_PER_UNIT;
            long q = scaled / d;
            long twiceRest = 2 * (scaled % d);
            if (twiceRest > d || (twiceRest == d && (q & 1) == 1)) {
                q++;
            }
            appendScaled7(b, q);
        } else {
            // negative or zero terms are invalid prices; BigDecimal gives the same text (or the same error) as before
            b.append(new BigDecimal(n).divide(new BigDecimal(d), 7, RoundingMode.HALF_EVEN).toPlainString());
        }
        return this;
    }

    /** Text that is already JSON (rendered XDR, contract arguments). */
    DetailsJson raw(String key, String json) {
        key(key).append(json);
        return this;
    }

    DetailsJson beginObject(String key) {
        key(key).append('{');
        return open();
    }

    DetailsJson beginArray(String key) {
        key(key).append('[');
        return open();
    }

    /** An object as the next element of the open array. */
    DetailsJson beginElement() {
        comma().append('{');
        return open();
    }

    DetailsJson endObject() {
        return close('}');
    }

    DetailsJson endArray() {
        return close(']');
    }

    private DetailsJson open() {
        if (++depth > 63) {
            throw new IllegalStateException("details JSON nested deeper than 63");
        }
        hasMember &= ~(1L << depth);
        return this;
    }

    private DetailsJson close(char c) {
        b.append(c);
        depth--;
        return this;
    }

    private StringBuilder comma() {
        long bit = 1L << depth;
        if ((hasMember & bit) != 0) {
            b.append(',');
        }
        hasMember |= bit;
        return b;
    }

    private StringBuilder key(String key) {
        return JsonText.quote(comma(), key).append(':');
    }

    /** {@code value / 10^7} in plain notation with exactly seven decimals. */
    static StringBuilder appendScaled7(StringBuilder b, long value) {
        if (value == Long.MIN_VALUE) {
            return b.append(BigDecimal.valueOf(value, 7).toPlainString());
        }
        if (value < 0) {
            b.append('-');
            value = -value;
        }
        b.append(value / STROOPS_PER_UNIT).append('.');
        long frac = value % STROOPS_PER_UNIT;
        for (long unit = STROOPS_PER_UNIT / 10; unit > 0; unit /= 10) {
            b.append((char) ('0' + frac / unit % 10));
        }
        return b;
    }
}
