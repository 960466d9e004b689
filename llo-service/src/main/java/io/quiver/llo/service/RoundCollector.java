package io.quiver.llo.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quiver.llo.round.NodeObservation;

/**
 * Gathers the observations of open rounds, keyed by (record key, round) so that channel groups on
 * different partitions are independent. A round is ready when every node reported or its timeout
 * passed. A node that reports twice in a round keeps its first observation.
 */
final class RoundCollector {

    record RoundKey(String group, long round) {
    }

    record ReadyRound(RoundKey key, List<NodeObservation> observations, boolean complete) {
    }

    private static final class Open {
        final long openedAtNanos;
        final Map<Integer, NodeObservation> byNode = new LinkedHashMap<>();

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

    /** Adds observations; returns the round if it is now complete. */
    ReadyRound add(RoundKey key, List<NodeObservation> observations, long nowNanos) {
        Open o = open.computeIfAbsent(key, k -> new Open(nowNanos));
        for (NodeObservation n : observations) {
            o.byNode.putIfAbsent(n.observer(), n);
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
}
