package io.quiver.lake.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;

import io.quiver.lake.store.LocalLakeStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit protocol's steps one by one, with a crash between any two of them. */
class ManifestTest {

    @TempDir
    Path dir;

    private static LakeFile file(String path, String staged, int partition, long from, long to) {
        return new LakeFile(path, "t", "date=2025-06-01", "topic", partition, from, to, 10, 4, 0, 1, staged);
    }

    private static ManifestEntry append(String commitId, LakeFile f) {
        return new ManifestEntry(0, ManifestEntry.Kind.APPEND, commitId,
                List.of(new OffsetRange(f.topic(), f.kafkaPartition(), f.fromOffset(), f.toOffset())), List.of(f), List.of());
    }

    @Test
    void aCrashAfterTheEntryBeforeTheMoveIsRolledForwardAndAnOldUncommittedStagingIsDeleted() throws Exception {
        LocalLakeStore store = new LocalLakeStore(dir);
        // committed: the entry exists, its file is still staged (the process died before the move)
        String staged = Manifest.stagingKey("a-1", "t/date=2025-06-01/f1.parquet");
        store.put(staged, "data1".getBytes());
        LakeFile f1 = file("t/date=2025-06-01/f1.parquet", staged, 0, 0, 5);
        assertTrue(store.createIfAbsent(Manifest.logKey(1), new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsBytes(append("a-1", f1).at(1))));
        // not committed: staged by a commit whose entry was never written
        String orphan = Manifest.stagingKey("a-2", "t/date=2025-06-01/f2.parquet");
        store.put(orphan, "data2".getBytes());
        Files.setLastModifiedTime(dir.resolve(orphan), FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        int changed = new Manifest(store, "a").recover(3_600_000, Set.of("t"));
        assertEquals(2, changed);
        assertEquals("data1", Files.readString(dir.resolve(f1.path())), "rolled forward");
        assertFalse(store.exists(staged));
        assertFalse(store.exists(orphan), "an uncommitted staging older than the orphan age is deleted");
    }

    @Test
    void aFreshUncommittedStagingIsLeftAloneAndADataFileNoEntryNamesIsDeleted() throws Exception {
        LocalLakeStore store = new LocalLakeStore(dir);
        String theirs = Manifest.stagingKey("b-7", "t/date=2025-06-01/f9.parquet");
        store.put(theirs, "x".getBytes());
        store.put("t/date=2025-06-01/stray.parquet", "y".getBytes());
        Files.setLastModifiedTime(dir.resolve("t/date=2025-06-01/stray.parquet"), FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        new Manifest(store, "a").recover(3_600_000, Set.of("t"));
        assertTrue(store.exists(theirs), "b may be about to commit it");
        assertFalse(store.exists("t/date=2025-06-01/stray.parquet"), "no live entry names it");
    }

    @Test
    void twoWritersNeverShareAVersionAndARangeThatDoesNotContinueTheLogIsRefused() throws Exception {
        LocalLakeStore store = new LocalLakeStore(dir);
        Manifest a = new Manifest(store, "a");
        Manifest b = new Manifest(store, "b");
        a.refresh();
        b.refresh();
        assertEquals(1, a.commit(append("a-1", file("t/p/a1", null, 0, 0, 10))).version());
        // b has not seen version 1: its commit of another partition lands at version 2
        assertEquals(2, b.commit(append("b-1", file("t/p/b1", null, 1, 0, 7))).version());
        // a zombie's range of partition 0 starting where it did before is refused: partition 0 continues at 10
        Manifest zombie = new Manifest(store, "z");
        CommitConflictException e = assertThrows(CommitConflictException.class, () -> {
            zombie.refresh();
            zombie.commit(append("z-1", file("t/p/z1", null, 0, 0, 12)));
        });
        assertTrue(e.getMessage().contains("topic/0 continues at offset 10"), e.getMessage());
        LakeSnapshot s = new Manifest(store, "reader").refresh();
        assertEquals(2, s.version());
        assertEquals(10L, s.nextOffset("topic", 0).getAsLong());
        assertEquals(7L, s.nextOffset("topic", 1).getAsLong());
        assertEquals(Set.of("t/p/a1", "t/p/b1"), Set.copyOf(s.files().stream().map(LakeFile::path).toList()));
    }

    @Test
    void aCheckpointEveryFiftyVersionsGivesTheSameSnapshotAsTheWholeLog() throws Exception {
        LocalLakeStore store = new LocalLakeStore(dir);
        Manifest m = new Manifest(store, "a");
        for (int v = 0; v < 120; v++) {
            m.commit(append("a-" + v, file("t/p/f" + v, null, 0, v * 10L, v * 10L + 10)));
        }
        assertEquals("100", new String(store.get(Manifest.LAST_CHECKPOINT).orElseThrow()));
        LakeSnapshot fresh = new Manifest(store, "reader").refresh();
        assertEquals(120, fresh.version());
        assertEquals(120, fresh.files().size());
        assertEquals(1200L, fresh.nextOffset("topic", 0).getAsLong());
    }
}
