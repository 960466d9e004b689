package io.quiver.ingest.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.quiver.ingest.source.datalake.DataLakeConfig;
import io.quiver.ingest.source.datalake.DataLakeKeys;
import io.quiver.ingest.source.datalake.DataLakeSource;
import io.quiver.ingest.source.datalake.LocalObjectStore;
import io.quiver.ingest.source.datalake.ObjectStore;
import io.quiver.ingest.testing.LocalS3Server;
import io.quiver.ingest.testing.TestLakes;
import io.quiver.testing.SharedLedgers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLakeSourceTest {

    private static final DataLakeSource.Settings FAST =
            new DataLakeSource.Settings(3, Duration.ofMillis(100), CorruptObjectPolicy.STOP, 2);

    @TempDir
    Path dir;

    static List<SourceItem> drain(LedgerStream s) throws Exception {
        List<SourceItem> out = new ArrayList<>();
        for (SourceItem i = s.next(); i != null; i = s.next()) {
            out.add(i);
        }
        return out;
    }

    static void assertRealLedgers(List<SourceItem> items, long first, long last) throws Exception {
        List<SourcedLedger> expected = TestLakes.testBucketLedgers();
        assertEquals(last - first + 1, items.size());
        for (int i = 0; i < items.size(); i++) {
            SourcedLedger got = assertInstanceOf(SourcedLedger.class, items.get(i));
            assertEquals(first + i, got.sequence());
            assertArrayEquals(expected.get((int) (first + i - TestLakes.FIRST)).xdr(), got.xdr(), "ledger " + got.sequence());
        }
    }

    @Test
    void readsTheRealTestBucketFromAFolderInOrder() throws Exception {
        TestLakes.copyTestBucket(new LocalObjectStore(dir));
        try (DataLakeSource lake = DataLakeSource.open(new LocalObjectStore(dir), FAST, Optional.empty())) {
            assertEquals(SharedLedgers.TESTNET, lake.networkPassphrase());
            assertEquals(999, lake.latestLedger());
            try (LedgerStream s = lake.open(LedgerRange.bounded(997, 999))) {
                assertRealLedgers(drain(s), 997, 999);
            }
            try (LedgerStream s = lake.open(LedgerRange.bounded(998, 998))) {
                assertRealLedgers(drain(s), 998, 998);
            }
        }
    }

    @Test
    void readsPartitionedMultiLedgerObjectsWithTheirKeys() throws Exception {
        // 4 ledgers per object, 2 objects per partition: 8-ledger partition folders
        DataLakeConfig config = new DataLakeConfig(SharedLedgers.TESTNET, 4, 2, "zstd");
        var written = TestLakes.writeLake(new LocalObjectStore(dir), config, TestLakes.templates(), 8, 24);
        assertTrue(Files.isRegularFile(dir.resolve(new DataLakeKeys(config).objectKey(12, DataLakeKeys.EXTENSION))));
        assertTrue(Files.isRegularFile(dir.resolve(String.format("%08X--8-15/%08X--12-15.xdr.zst",
                0xFFFFFFFFL - 8, 0xFFFFFFFFL - 12))), "key layout of schema.go");
        try (DataLakeSource lake = DataLakeSource.open(new LocalObjectStore(dir), FAST, Optional.empty())) {
            assertEquals(31, lake.latestLedger());
            try (LedgerStream s = lake.open(LedgerRange.bounded(10, 29))) {
                List<SourceItem> items = drain(s);
                assertEquals(20, items.size());
                for (int i = 0; i < 20; i++) {
                    SourcedLedger l = (SourcedLedger) items.get(i);
                    assertEquals(10 + i, l.sequence());
                    assertArrayEquals(written.get(2 + i).xdr(), l.xdr());
                }
            }
        }
    }

    @Test
    void followsTheTipAsNewObjectsAppear() throws Exception {
        DataLakeConfig config = new DataLakeConfig(SharedLedgers.TESTNET, 1, 64000, "zstd");
        var ledgers = io.quiver.ingest.synthetic.LedgerResequencer.sequence(TestLakes.templates(), 100, 6);
        var writer = new io.quiver.ingest.source.datalake.DataLakeWriter(new LocalObjectStore(dir), config);
        writer.writeConfig();
        writer.write(ledgers.subList(0, 2));
        var pool = Executors.newSingleThreadExecutor();
        try (DataLakeSource lake = DataLakeSource.open(new LocalObjectStore(dir), FAST, Optional.empty());
             LedgerStream s = lake.open(LedgerRange.following(100))) {
            Future<List<Long>> got = pool.submit(() -> {
                List<Long> seqs = new ArrayList<>();
                while (seqs.size() < 6) {
                    seqs.add(s.next().first());
                }
                return seqs;
            });
            Thread.sleep(400);
            writer.write(ledgers.subList(2, 4));
            Thread.sleep(300);
            writer.write(ledgers.subList(4, 6));
            assertEquals(List.of(100L, 101L, 102L, 103L, 104L, 105L), got.get(20, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCorruptObjectStopsWithItsKeyAndLedgerOrBecomesAGap() throws Exception {
        TestLakes.copyTestBucket(new LocalObjectStore(dir));
        String bad = String.format("%08X--998.xdr.zstd", 0xFFFFFFFFL - 998);
        Files.write(dir.resolve(bad), new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 1, 2, 3});
        try (DataLakeSource lake = DataLakeSource.open(new LocalObjectStore(dir), FAST, Optional.empty());
             LedgerStream s = lake.open(LedgerRange.bounded(997, 999))) {
            assertEquals(997, s.next().first());
            LedgerSourceException e = assertThrows(LedgerSourceException.class, s::next);
            assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("ledgers 998..998"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
        }
        var skip = new DataLakeSource.Settings(3, Duration.ofMillis(100), CorruptObjectPolicy.SKIP, 2);
        try (DataLakeSource lake = DataLakeSource.open(new LocalObjectStore(dir), skip, Optional.empty());
             LedgerStream s = lake.open(LedgerRange.bounded(997, 999))) {
            List<SourceItem> items = drain(s);
            assertEquals(3, items.size());
            LedgerGap gap = assertInstanceOf(LedgerGap.class, items.get(1));
            assertEquals(998, gap.first());
            assertEquals(998, gap.last());
            assertTrue(gap.object().endsWith(bad), gap.object());
            assertEquals(999, ((SourcedLedger) items.get(2)).sequence());
        }
    }

    @Test
    void aMissingObjectBelowTheTipIsAnError() throws Exception {
        TestLakes.copyTestBucket(new LocalObjectStore(dir));
        Files.delete(dir.resolve(String.format("%08X--998.xdr.zstd", 0xFFFFFFFFL - 998)));
        try (DataLakeSource lake = DataLakeSource.open(new LocalObjectStore(dir), FAST, Optional.empty());
             LedgerStream s = lake.open(LedgerRange.bounded(997, 999))) {
            s.next();
            LedgerSourceException e = assertThrows(LedgerSourceException.class, s::next);
            assertTrue(e.getMessage().contains("missing, while the lake holds ledgers up to 999"), e.getMessage());
        }
    }

    @Test
    void aLakeWithoutManifestNeedsAPassphrase() throws Exception {
        LedgerSourceException e = assertThrows(LedgerSourceException.class,
                () -> DataLakeSource.open(new LocalObjectStore(dir), FAST, Optional.empty()));
        assertTrue(e.getMessage().contains(".config.json"), e.getMessage());
    }

    @Test
    void readsTheSameLedgersFromARealS3ServerAnonymously() throws Exception {
        try (LocalS3Server s3 = LocalS3Server.start()) {
            s3.createBucket("stellar");
            try (ObjectStore upload = s3.store("stellar", "v1.1/stellar/ledgers/testnet")) {
                TestLakes.copyTestBucket(upload);
            }
            try (DataLakeSource lake = DataLakeSource.open(s3.store("stellar", "v1.1/stellar/ledgers/testnet"), FAST,
                    Optional.empty())) {
                assertEquals(999, lake.latestLedger());
                try (LedgerStream s = lake.open(LedgerRange.bounded(997, 999))) {
                    assertRealLedgers(drain(s), 997, 999);
                }
                try (LedgerStream s = lake.open(LedgerRange.bounded(1000, 1000))) {
                    // beyond the tip of a bounded range: waits, so only check it does not invent ledgers
                    assertTrue(!s.ready());
                }
            }
            ObjectStore empty = s3.store("stellar", "nothing-here");
            assertNull(empty.get(DataLakeConfig.FILE_NAME));
            empty.close();
        }
    }
}
