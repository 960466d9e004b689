package io.quiver.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.quiver.lake.format.FileLayout;
import io.quiver.lake.format.LakeFileWriter;
import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.format.WriterOptions;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.manifest.ManifestEntry;
import io.quiver.lake.manifest.OffsetRange;
import io.quiver.lake.store.LocalLakeStore;
import io.quiver.lake.table.LakeTables;
import io.quiver.lake.table.TableLayout;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.testing.RandomRows;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return QuiverCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    /** A lake with two small committed Parquet files of 2020 in one partition. */
    private Path lake() throws Exception {
        Path lake = dir.resolve("lake");
        try (LocalLakeStore store = new LocalLakeStore(lake); RootAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = TokenTransferEventVectors.newRoot(allocator)) {
            RandomRows.fill(root, 100, 1);
            root.setRowCount(100);
            FileLayout layout = TableLayout.of(LakeTables.byName(LakeTables.TOKEN_TRANSFER_EVENTS), root.getSchema());
            int[] rows = new int[100];
            Arrays.setAll(rows, i -> i);
            Manifest m = new Manifest(store, "test");
            for (int k = 0; k < 2; k++) {
                Path spooled = store.spool().resolve("f" + k + ".parquet");
                try (LakeFileWriter w = LakeFormat.PARQUET.open(spooled, layout, WriterOptions.defaults())) {
                    w.write(root, rows, 100, new long[0]);
                    w.finish();
                }
                String path = "token_transfer_events/date=2020-01-01/t-0-" + k + ".parquet";
                String commit = m.newCommitId();
                String staged = Manifest.stagingKey(commit, path);
                long bytes = Files.size(spooled);
                store.upload(spooled, staged);
                m.commit(new ManifestEntry(0, ManifestEntry.Kind.APPEND, commit, List.of(new OffsetRange("t", 0, k, k + 1L)),
                        List.of(new LakeFile(path, "token_transfer_events", "date=2020-01-01", "t", 0, k, k + 1L, 100, bytes,
                                1_577_836_800_000_000L, 1_577_836_800_000_000L, staged)), List.of()));
            }
        }
        return lake;
    }

    @Test
    void lsShowsTablesPartitionsFilesRowsAndTheNextOffsets() throws Exception {
        Path lake = lake();
        assertEquals(0, run("lake", "ls", lake.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("at version 2: 2 files, 200 rows"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("token_transfer_events: 1 partitions, 2 files, 200 rows")), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("date=2020-01-01") && l.contains("2 files")), text);
        assertTrue(text.contains("offsets t/0: next 2"), text);
    }

    @Test
    void expireRemovesPartitionsOlderThanTheDaysGivenThroughTheManifest() throws Exception {
        Path lake = lake();
        assertEquals(0, run("lake", "expire", lake.toString(), "--days", "30"), err.toString());
        assertTrue(out.toString().contains("token_transfer_events: 1 partitions (2 files"), out.toString());
        assertTrue(Files.notExists(lake.resolve("token_transfer_events/date=2020-01-01")));
        out.reset();
        assertEquals(0, run("lake", "ls", lake.toString()));
        assertTrue(out.toString().contains("at version 3: 0 files"), out.toString());
    }

    @Test
    void aMissingFolderOrSubcommandIsOneLineAndExitCode2() {
        assertEquals(2, run("lake", "ls", dir.resolve("nope").toString()));
        assertEquals("quiver lake: lake folder " + dir.resolve("nope") + " does not exist", err.toString().strip());
        err.reset();
        assertEquals(2, run("lake", "expire", dir.toString()));
        assertEquals("quiver lake: expire needs --days N", err.toString().strip());
    }
}
