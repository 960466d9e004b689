package io.quiver.lake.manifest;

/**
 * Another writer committed first something this commit contradicts: a range of the same source
 * partition (this sink lost the partition in a rebalance and must re-read from the lake), or a file
 * this compaction or expiry meant to remove. Nothing of this commit was published.
 */
public final class CommitConflictException extends Exception {

    public CommitConflictException(String message) {
        super(message);
    }
}
