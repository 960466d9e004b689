package io.quiver.lake.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.quiver.lake.testing.TtpEventBatches;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowAllocatorExtension.class)
class RowRouterTest {

    @Test
    void rowsGoToTheFolderOfTheirAssetHourAndLedgerRangeWithNullsInHivesDefaultPartition(BufferAllocator allocator) {
        TtpEventBatches gen = new TtpEventBatches(4, 60);
        TableSpec spec = new TableSpec("t", "topic", List.of(PartitionKey.parse("asset_code"), PartitionKey.parse("hour"),
                PartitionKey.parse("ledger_range")), "closed_at", "ledger_sequence", 100, Set.of(), Map.of(), null);
        try (VectorSchemaRoot root = gen.batch(allocator, 90, 40)) { // ledgers 90..129: 23:57:25 .. 00:00:40, ranges 0 and 1
            Map<String, Integer> want = new TreeMap<>();
            for (long ledger = 90; ledger < 130; ledger++) {
                for (int e = 0; e < 60; e++) {
                    TokenTransferEventRow r = gen.row(ledger, e);
                    String hour = String.format("%02d", r.closedAt().atZone(java.time.ZoneOffset.UTC).getHour());
                    want.merge("asset_code=" + (r.assetCode() == null ? RowRouter.NULL_VALUE : r.assetCode()) + "/hour=" + hour
                            + "/ledger_range=" + ledger / 100, 1, Integer::sum);
                }
            }
            Map<String, Integer> got = new TreeMap<>();
            for (RowRouter.Group g : new RowRouter(spec).route(root, 0)) {
                got.merge(g.path(), g.count(), Integer::sum);
            }
            assertEquals(want, got);
        }
    }

    @Test
    void unsafeCharactersArePercentEncodedSoEveryValueIsOneFolder() {
        assertEquals("USDC", RowRouter.escape("USDC"));
        assertEquals("a%2Fb", RowRouter.escape("a/b"));
        assertEquals("%2E.", RowRouter.escape(".."));
        assertEquals("x%3Dy%20z", RowRouter.escape("x=y z"));
        assertEquals(RowRouter.NULL_VALUE, RowRouter.escape(""));
    }
}
