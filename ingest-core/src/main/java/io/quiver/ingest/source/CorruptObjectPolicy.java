package io.quiver.ingest.source;

import java.util.Locale;

/** What a source does with an object it cannot read (missing below the tip, corrupt, wrong ledgers). */
public enum CorruptObjectPolicy {
    /** Fail with an error naming the object and its ledgers; nothing after it is published. */
    STOP,
    /** Yield a {@link LedgerGap} for the object's ledgers and go on with the next object. */
    SKIP;

    public static CorruptObjectPolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("on-corrupt policy '" + text + "': expected stop or skip");
        }
    }
}
