package io.quiver.llo.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Gathers the per-node {@code Observation} records of open rounds, keyed by (record key, round)
 * so that channel groups on different partitions are independent. A round is ready when every node
 * reported or its timeout passed. A node that reports twice in a round keeps its first record (the
 * second is closed at once). The collector owns the records it holds; a {@link ReadyRound} hands
 * them to the caller, who closes them.
 */
final class RoundCollector implements AutoCloseable {

    record RoundKey(String group, long round) {
    }

    record ReadyRound(RoundKey key, List<VectorSchemaRoot> nodeRecords, boolean complete) implements AutoCloseable {
        @Override
        public void close() {
            nodeRecords.forEach(VectorSchemaRoot::close);
        }
    }

    private static final class Open {
        final long openedAtNanos;
        final Map<Integer, VectorSchemaRoot> byNode = new LinkedHashMap<>();

        Open(long openedAtNanos) {
            this.openedAtNanos = openedAtNanos;
        }
    }

    private final int nodes;
    private final long timeoutNanos;
    private final Map<RoundKey, Open> open = new LinkedHashMap<>();

    RoundCollector(int nodes, long timeoutNanos) {
        this.nodes = nodes;
        this.timeoutNanos = timeoutNanos;
    }

    /** Takes ownership of {@code record} (node {@code observer}); returns the round if it is now complete. */
    ReadyRound add(RoundKey key, int observer, VectorSchemaRoot record, long nowNanos) {
        Open o = open.computeIfAbsent(key, k -> new Open(nowNanos));
        if (o.byNode.putIfAbsent(observer, record) != null) {
            record.close(); // a repeated observation of the same node in the same round
        }
        if (o.byNode.size() >= nodes) {
            open.remove(key);
            return new ReadyRound(key, new ArrayList<>(o.byNode.values()), true);
        }
        return null;
    }

    /** Rounds whose timeout passed, removed from the open set. */
    List<ReadyRound> expired(long nowNanos) {
        List<ReadyRound> out = new ArrayList<>();
        for (Iterator<Map.Entry<RoundKey, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<RoundKey, Open> e = it.next();
            if (nowNanos - e.getValue().openedAtNanos >= timeoutNanos) {
                out.add(new ReadyRound(e.getKey(), new ArrayList<>(e.getValue().byNode.values()), false));
                it.remove();
            }
        }
        return out;
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    /** Releases the records of rounds still open (at shutdown). */
    @Override
    public void close() {
        open.values().forEach(o -> o.byNode.values().forEach(VectorSchemaRoot::close));
        open.clear();
    }
}
