package io.quiver.kafka;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where to start reading a partition of a Stellar topic for a given ledger, learnt from earlier
 * reads, so that a server answering range requests reads each topic from its start once and seeks
 * afterwards.
 *
 * <p>Per partition it keeps checkpoints (O, M): every committed record below offset O covers no
 * ledger after M, M being the highest last ledger of those records. That stays true where a
 * partition is not in ledger order (processors write records as their input partitions come, and
 * one taking over a partition may repeat an old stretch), and M only grows with O, so the
 * checkpoint to start a read of ledger S from is the last one with M &lt; S, found by bisection.
 *
 * <p>Checkpoints are learnt only from records read in order from a point the index already
 * covers (a partition's start or a checkpoint, which is all {@link #startOffset} hands out), so
 * no record is ever passed over. Kafka never reuses an offset unless the topic is deleted and
 * made anew: a partition whose end is found below what was learnt is forgotten (a topic made anew
 * and already grown past that point is not noticed; restart the server after recreating topics).
 * Thread-safe. Memory is bounded: two longs per checkpoint, at most {@value #MAX_CHECKPOINTS} per
 * partition (1 MiB); past that every other checkpoint is dropped and they are kept twice as far
 * apart (any subset of checkpoints is still right, seeks just land further back).
 */
public final class LedgerOffsetIndex {

    /** Records between checkpoints: a seek lands at most this many records before the first one needed. */
    static final int CHECKPOINT_EVERY = 16;
    static final int MAX_CHECKPOINTS = 1 << 16;

    private final Map<Integer, Partition> partitions = new ConcurrentHashMap<>();

    /** The offset to read {@code partition} from for ledgers from {@code ledger} on; 0 when nothing is known. */
    public long startOffset(int partition, long ledger) {
        Partition p = partitions.get(partition);
        return p == null ? 0 : p.startOffset(ledger);
    }

    /**
     * A record at {@code offset} covering ledgers up to {@code last} was read, in offset order,
     * by a read that started at an offset this index handed out.
     */
    public void covered(int partition, long offset, long last) {
        partitions.computeIfAbsent(partition, k -> new Partition()).covered(offset, last);
    }

    /** The partition now ends at {@code endOffset}: what was learnt beyond it belongs to a deleted topic. */
    public void ends(int partition, long endOffset) {
        partitions.computeIfPresent(partition, (k, p) -> p.learntUpTo() > endOffset ? null : p);
    }

    /** Checkpoints kept for {@code partition}. */
    int checkpoints(int partition) {
        Partition p = partitions.get(partition);
        return p == null ? 0 : p.checkpoints();
    }

    /** How far {@code partition} is learnt: the offset after the last record seen in order. */
    public long learntUpTo(int partition) {
        Partition p = partitions.get(partition);
        return p == null ? 0 : p.learntUpTo();
    }

    private static final class Partition {
        private long next;
        private long maxLast = Long.MIN_VALUE;
        private int every = CHECKPOINT_EVERY;
        private int sinceCheckpoint;
        // checkpoints: offsets[i] with the highest last ledger below it, maxes[i]; both ascending
        private long[] offsets = new long[64];
        private long[] maxes = new long[64];
        private int size;

        synchronized long learntUpTo() {
            return next;
        }

        synchronized void covered(long offset, long last) {
            if (offset < next) {
                return; // another read learnt it already
            }
            next = offset + 1;
            maxLast = Math.max(maxLast, last);
            if (++sinceCheckpoint >= every) {
                sinceCheckpoint = 0;
                if (size == MAX_CHECKPOINTS) {
                    thin();
                }
                if (size == offsets.length) {
                    offsets = Arrays.copyOf(offsets, size * 2);
                    maxes = Arrays.copyOf(maxes, size * 2);
                }
                offsets[size] = next;
                maxes[size] = maxLast;
                size++;
            }
        }

        /** Keeps every other checkpoint (the later of each pair) and takes them twice as far apart from now on. */
        private void thin() {
            int kept = 0;
            for (int i = 1; i < size; i += 2) {
                offsets[kept] = offsets[i];
                maxes[kept] = maxes[i];
                kept++;
            }
            size = kept;
            every *= 2;
        }

        synchronized int checkpoints() {
            return size;
        }

        synchronized long startOffset(long ledger) {
            // the last checkpoint whose records all end before the ledger
            int lo = 0;
            int hi = size - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (maxes[mid] < ledger) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found < 0 ? 0 : offsets[found];
        }
    }
}
