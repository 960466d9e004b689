package io.quiver.lake.tail;

import java.util.TreeMap;

/**
 * Which versions of a view running queries still hold, so that files a newer version no longer
 * reads are deleted only once no query can still read them: a file that left at version V may go
 * once {@link #oldest()} is at least V. Shared by the tail's files and the S3 mirror's copies. Not
 * thread-safe: its owner guards it.
 */
public final class ViewHolds {

    private final TreeMap<Long, Integer> held = new TreeMap<>();

    public void hold(long version) {
        held.merge(version, 1, Integer::sum);
    }

    public void release(long version) {
        held.computeIfPresent(version, (k, n) -> n == 1 ? null : n - 1);
    }

    /** The oldest version held, or {@link Long#MAX_VALUE} when none is. */
    public long oldest() {
        return held.isEmpty() ? Long.MAX_VALUE : held.firstKey();
    }
}
