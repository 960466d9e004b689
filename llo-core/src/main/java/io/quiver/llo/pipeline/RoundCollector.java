package io.quiver.llo.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Gathers the per-node {@code Observation} records of open rounds, keyed by (record key, round)
 * so that channel groups on different partitions are independent. A round is ready when every node
 * reported or its timeout passed. A node that reports twice in a round keeps its first record (the
 * second is closed at once). The collector owns the records it holds; a {@link ReadyRound} hands
 * them to the caller, who closes them.
 *
 * <p>It also knows where each open round's records came from (partition and offsets), so the
 * pipeline can commit, per partition, up to the first record an open round still holds: a
 * restart re-reads exactly the observations of rounds that were not finished.
 */
public final class RoundCollector implements AutoCloseable {

    /** A round of one channel group. */
    public record RoundKey(String group, long round) {
    }

    /** A closed round: its node records, whether every node reported, and the last offset it read per partition. */
    public record ReadyRound(RoundKey key, List<VectorSchemaRoot> nodeRecords, boolean complete, Map<Integer, Long> lastOffsets)
            implements AutoCloseable {
        @Override
        public void close() {
            nodeRecords.forEach(VectorSchemaRoot::close);
        }
    }

    private static final class Open {
        final long openedAtNanos;
        final Map<Integer, VectorSchemaRoot> byNode = new LinkedHashMap<>();
        final Map<Integer, Long> firstOffset = new HashMap<>();
        final Map<Integer, Long> lastOffset = new HashMap<>();

        Open(long openedAtNanos) {
            this.openedAtNanos = openedAtNanos;
        }

        void saw(int partition, long offset) {
            firstOffset.merge(partition, offset, Math::min);
            lastOffset.merge(partition, offset, Math::max);
        }
    }

    private final int nodes;
    private final long timeoutNanos;
    private final Map<RoundKey, Open> open = new LinkedHashMap<>();

    public RoundCollector(int nodes, long timeoutNanos) {
        this.nodes = nodes;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Takes ownership of {@code record} (node {@code observer}, read at {@code partition}/{@code offset});
     * returns the round if it is now complete.
     */
    public ReadyRound add(RoundKey key, int observer, VectorSchemaRoot record, int partition, long offset, long nowNanos) {
        Open o = open.computeIfAbsent(key, k -> new Open(nowNanos));
        o.saw(partition, offset);
        if (o.byNode.putIfAbsent(observer, record) != null) {
            record.close(); // a repeated observation of the same node in the same round
        }
        if (o.byNode.size() >= nodes) {
            open.remove(key);
            return new ReadyRound(key, new ArrayList<>(o.byNode.values()), true, Map.copyOf(o.lastOffset));
        }
        return null;
    }

    /** Rounds whose timeout passed, removed from the open set. */
    public List<ReadyRound> expired(long nowNanos) {
        List<ReadyRound> out = new ArrayList<>();
        for (Iterator<Map.Entry<RoundKey, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<RoundKey, Open> e = it.next();
            if (nowNanos - e.getValue().openedAtNanos >= timeoutNanos) {
                out.add(new ReadyRound(e.getKey(), new ArrayList<>(e.getValue().byNode.values()), false,
                        Map.copyOf(e.getValue().lastOffset)));
                it.remove();
            }
        }
        return out;
    }

    /** The first offset of {@code partition} that an open round still holds, if any. */
    public OptionalLong firstHeld(int partition) {
        long min = Long.MAX_VALUE;
        for (Open o : open.values()) {
            Long f = o.firstOffset.get(partition);
            if (f != null && f < min) {
                min = f;
            }
        }
        return min == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(min);
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }

    public int openRounds() {
        return open.size();
    }

    /** Releases the records of rounds still open (at shutdown, or when a run ends). */
    @Override
    public void close() {
        open.values().forEach(o -> o.byNode.values().forEach(VectorSchemaRoot::close));
        open.clear();
    }
}
