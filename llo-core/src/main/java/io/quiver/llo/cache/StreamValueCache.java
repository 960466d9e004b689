package io.quiver.llo.cache;

import static io.quiver.schema.LloSchemas.CACHE;
import static io.quiver.schema.LloSchemas.EXPIRES_AT_NS;
import static io.quiver.schema.LloSchemas.STREAM_ID;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

import io.quiver.llo.arrow.StreamValueCells;
import io.quiver.llo.value.StreamValue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The last value of each stream with a time-to-live, bounded in entries: what an observer reuses
 * instead of asking a slow data source again while the value is fresh. When full, the entry that
 * expires first is dropped. Snapshots are {@code Cache} records, so a cache can be shipped over
 * Kafka or restored after a restart. Not thread-safe.
 */
public final class StreamValueCache {

    private record Entry(StreamValue value, long expiresAtNanos) {
    }

    private final long ttlNanos;
    private final int maxEntries;
    private final Map<Long, Entry> entries = new HashMap<>();
    /** (expiresAt, streamId) of every put; stale pairs are skipped when polled. */
    private final PriorityQueue<long[]> byExpiry = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));

    public StreamValueCache(long ttlNanos, int maxEntries) {
        if (ttlNanos <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("ttl and maxEntries must be positive");
        }
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
    }

    public void put(long streamId, StreamValue value, long nowNanos) {
        put(streamId, value, nowNanos, nowNanos + ttlNanos);
    }

    private void put(long streamId, StreamValue value, long nowNanos, long expiresAt) {
        evictExpired(nowNanos);
        if (!entries.containsKey(streamId) && entries.size() >= maxEntries) {
            evictFirstExpiring();
        }
        entries.put(streamId, new Entry(value, expiresAt));
        byExpiry.add(new long[] {expiresAt, streamId});
    }

    /** The fresh value of a stream, or null if absent or expired. */
    public StreamValue get(long streamId, long nowNanos) {
        Entry e = entries.get(streamId);
        if (e == null) {
            return null;
        }
        if (e.expiresAtNanos <= nowNanos) {
            entries.remove(streamId);
            return null;
        }
        return e.value;
    }

    public int size() {
        return entries.size();
    }

    /** Drops every entry whose time is up. */
    public void evictExpired(long nowNanos) {
        while (!byExpiry.isEmpty() && byExpiry.peek()[0] <= nowNanos) {
            long[] head = byExpiry.poll();
            Entry e = entries.get(head[1]);
            if (e != null && e.expiresAtNanos == head[0]) {
                entries.remove(head[1]);
            }
        }
    }

    private void evictFirstExpiring() {
        while (!byExpiry.isEmpty()) {
            long[] head = byExpiry.poll();
            Entry e = entries.get(head[1]);
            if (e != null && e.expiresAtNanos == head[0]) {
                entries.remove(head[1]);
                return;
            }
        }
    }

    /** The fresh entries as a {@code Cache} record (owned by the caller), sorted by stream id. */
    public VectorSchemaRoot snapshot(BufferAllocator allocator, long nowNanos) {
        evictExpired(nowNanos);
        VectorSchemaRoot root = VectorSchemaRoot.create(CACHE.arrowSchema(), allocator);
        try {
            for (var v : root.getFieldVectors()) {
                v.setInitialCapacity(Math.max(1, entries.size()));
                v.allocateNew();
            }
            UInt4Vector stream = (UInt4Vector) root.getVector(STREAM_ID);
            BigIntVector expires = (BigIntVector) root.getVector(EXPIRES_AT_NS);
            StreamValueCells cells = new StreamValueCells(root);
            int i = 0;
            for (Map.Entry<Long, Entry> e : new java.util.TreeMap<>(entries).entrySet()) {
                stream.setSafe(i, (int) e.getKey().longValue());
                expires.setSafe(i, e.getValue().expiresAtNanos);
                cells.set(i, e.getValue().value);
                i++;
            }
            root.setRowCount(i);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** Loads the still-fresh rows of a {@code Cache} record, keeping their expiry times. */
    public void restore(VectorSchemaRoot cacheRecord, long nowNanos) {
        UInt4Vector stream = (UInt4Vector) cacheRecord.getVector(STREAM_ID);
        BigIntVector expires = (BigIntVector) cacheRecord.getVector(EXPIRES_AT_NS);
        StreamValueCells cells = new StreamValueCells(cacheRecord);
        for (int i = 0; i < cacheRecord.getRowCount(); i++) {
            long expiresAt = expires.get(i);
            if (expiresAt > nowNanos) {
                put(Integer.toUnsignedLong(stream.get(i)), cells.get(i), nowNanos, expiresAt);
            }
        }
    }
}
