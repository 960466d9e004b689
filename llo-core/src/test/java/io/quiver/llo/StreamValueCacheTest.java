package io.quiver.llo;

import static io.quiver.llo.StreamAggregatorsTest.d;
import static io.quiver.llo.StreamAggregatorsTest.q;
import static io.quiver.llo.StreamAggregatorsTest.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.EncodedRecord;
import io.quiver.llo.cache.StreamValueCache;
import io.quiver.schema.LloSchemas;
import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowAllocatorExtension.class)
class StreamValueCacheTest {

    @Test
    void valuesExpireAfterTheirTtlAndAFullCacheDropsTheFirstToExpire() {
        StreamValueCache cache = new StreamValueCache(100, 2);
        cache.put(1, d("1"), 0);
        cache.put(2, d("2"), 10);
        assertEquals(d("1"), cache.get(1, 99));
        assertNull(cache.get(1, 100), "expired at 0 + 100");
        cache.put(1, d("1.5"), 20); // refresh: expires at 120
        cache.put(3, d("3"), 30);   // full: stream 2 (expires 110) goes first
        assertNull(cache.get(2, 30));
        assertEquals(d("1.5"), cache.get(1, 30));
        assertEquals(d("3"), cache.get(3, 30));
        assertEquals(2, cache.size());
    }

    @Test
    void aSnapshotIsACacheRecordThatRestoresOnlyFreshEntriesThroughTheCodec(BufferAllocator allocator) throws Exception {
        StreamValueCache cache = new StreamValueCache(1_000, 100);
        cache.put(5, q("1", "2", "3"), 0);
        cache.put(6, t(77, "9.5"), 500);
        cache.put(7, d("-4"), 0);
        EncodedRecord record;
        try (VectorSchemaRoot snapshot = cache.snapshot(allocator, 10)) {
            assertEquals(3, snapshot.getRowCount());
            record = ArrowKafkaCodec.defaults().encode(snapshot, BatchLabel.none()).get(0);
        }
        StreamValueCache restored = new StreamValueCache(1_000, 100);
        try (DecodedBatch batch = ArrowKafkaCodec.defaults().decode(record.value(), record.headers(), LloSchemas.CACHE, allocator)) {
            restored.restore(batch.batches().get(0), 1_200); // 5 and 7 expired at 1000; 6 lives until 1500
        }
        assertEquals(1, restored.size());
        assertEquals(t(77, "9.5"), restored.get(6, 1_499));
        assertNull(restored.get(6, 1_500));
    }
}
