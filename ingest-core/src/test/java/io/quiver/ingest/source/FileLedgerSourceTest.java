package io.quiver.ingest.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.quiver.ingest.source.files.FileLedgerSource;
import io.quiver.ingest.testing.TestLakes;
import io.quiver.testing.Environment;
import io.quiver.testing.SharedLedgers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLedgerSourceTest {

    @TempDir
    Path dir;

    @Test
    void aFolderOfObjectsGivesItsLedgersInOrderAndABoundedRangeEndsWhereTheFilesEnd() throws Exception {
        FileLedgerSource files = new FileLedgerSource(List.of(TestLakes.galexieTestBucket()), SharedLedgers.TESTNET, Duration.ofMillis(50));
        assertEquals(java.util.OptionalLong.of(997), files.defaultStart());
        assertEquals(999, files.latestLedger());
        List<SourcedLedger> expected = TestLakes.testBucketLedgers();
        try (LedgerStream s = files.open(LedgerRange.bounded(998, 1005))) {
            SourcedLedger a = (SourcedLedger) s.next();
            SourcedLedger b = (SourcedLedger) s.next();
            assertEquals(998, a.sequence());
            assertEquals(999, b.sequence());
            assertArrayEquals(expected.get(1).xdr(), a.xdr());
            assertNull(s.next(), "the files hold nothing after 999");
        }
    }

    @Test
    void ledgersMissingFromTheFilesAreAnErrorNamingThem() throws Exception {
        Path v24 = Environment.sharedStellar().resolve("synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd");
        FileLedgerSource files = new FileLedgerSource(List.of(v24), SharedLedgers.LOAD_TEST, Duration.ofMillis(50));
        try (LedgerStream s = files.open(LedgerRange.bounded(62, 66))) {
            assertEquals(62, s.next().first());
            assertEquals(63, s.next().first());
            LedgerSourceException e = assertThrows(LedgerSourceException.class, s::next);
            assertTrue(e.getMessage().startsWith("ledgers 64..65 are in none of") && e.getMessage().contains("next found: 66"),
                    e.getMessage());
        }
    }

    @Test
    void underSkipLedgersMissingFromTheFilesAreAGapAndTheNextFoundFollows() throws Exception {
        Path v24 = Environment.sharedStellar().resolve("synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd");
        FileLedgerSource files = new FileLedgerSource(List.of(v24), SharedLedgers.LOAD_TEST, Duration.ofMillis(50),
                io.quiver.ingest.source.CorruptObjectPolicy.SKIP);
        try (LedgerStream s = files.open(LedgerRange.bounded(62, 66))) {
            assertEquals(62, s.next().first());
            assertEquals(63, s.next().first());
            io.quiver.ingest.source.LedgerGap gap = (io.quiver.ingest.source.LedgerGap) s.next();
            assertEquals(64, gap.first());
            assertEquals(65, gap.last());
            assertEquals(66, ((SourcedLedger) s.next()).sequence());
            assertNull(s.next());
        }
    }

    @Test
    void followingAFolderPicksUpNewFiles() throws Exception {
        Path bucket = TestLakes.galexieTestBucket();
        String first = String.format("%08X--997.xdr.zstd", 0xFFFFFFFFL - 997);
        String second = String.format("%08X--998.xdr.zstd", 0xFFFFFFFFL - 998);
        Files.copy(bucket.resolve(first), dir.resolve(first));
        FileLedgerSource files = new FileLedgerSource(List.of(dir), SharedLedgers.TESTNET, Duration.ofMillis(50));
        try (LedgerStream s = files.open(LedgerRange.following(997))) {
            assertEquals(997, s.next().first());
            assertTrue(!s.ready(), "nothing more yet");
            Files.copy(bucket.resolve(second), dir.resolve(second));
            assertEquals(998, s.next().first());
        }
    }
}
