package io.quiver.llo.aggregate;

import java.util.Locale;

/** LLO aggregator codes (chainlink-common {@code llotypes.Aggregator}). */
public enum Aggregator {
    MEDIAN(1), MODE(2), QUOTE(3), CALCULATED(4);

    private final int code;

    Aggregator(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Aggregator ofCode(int code) {
        for (Aggregator a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("no aggregator function defined for aggregator of type " + code);
    }

    public static Aggregator parse(String name) {
        for (Aggregator a : values()) {
            if (a.jsonName().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown aggregator '" + name + "' (expected median, mode, quote or calculated)");
    }
}
