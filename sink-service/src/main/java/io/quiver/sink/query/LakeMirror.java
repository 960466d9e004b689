package io.quiver.sink.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.quiver.files.Folders;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.store.LakeStore;
import io.quiver.lake.tail.ViewHolds;

/**
 * A local copy of an S3 lake's live files, laid out as the lake is, for DuckDB to read: its S3
 * reader (the httpfs extension) is not bundled and cannot be fetched here, so the query engine reads
 * copies. Files are immutable once committed, so a copy is fetched once; a file that leaves the
 * manifest (compaction, retention) is deleted once no query holds a view of a version that had it.
 */
final class LakeMirror {

    private static final long LIVE = Long.MAX_VALUE;

    private final Path dir;
    /** Path of each copy -> the snapshot version it left the manifest at ({@link #LIVE} while live). */
    private final Map<String, Long> copies = new HashMap<>();
    private final ViewHolds held = new ViewHolds();
    private long bytes;

    LakeMirror(Path dir) throws IOException {
        this.dir = dir;
        Folders.deleteTree(dir);
        Files.createDirectories(dir);
    }

    /** Removes the copies (the service is stopping). */
    synchronized void close() {
        try {
            Folders.deleteTree(dir);
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
        copies.clear();
    }

    Path dir() {
        return dir;
    }

    /** Bytes of the copies on disk. */
    synchronized long bytes() {
        return bytes;
    }

    /** Fetches the files of {@code snapshot} not copied yet; marks the copies it no longer has. */
    synchronized void sync(LakeStore store, LakeSnapshot snapshot) throws IOException {
        Set<String> live = new HashSet<>();
        for (LakeFile f : snapshot.files()) {
            live.add(f.path());
            if (copies.containsKey(f.path())) {
                copies.put(f.path(), LIVE);
                continue;
            }
            Path target = dir.resolve(f.path()).normalize();
            if (!target.startsWith(dir)) {
                throw new IOException("lake file " + f.path() + " lies outside the lake");
            }
            Path copy = store.localCopy(f.path());
            try {
                Files.createDirectories(target.getParent());
                Files.move(copy, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                store.releaseLocalCopy(copy);
            }
            copies.put(f.path(), LIVE);
            bytes += Files.size(target);
        }
        copies.replaceAll((path, left) -> left == LIVE && !live.contains(path) ? snapshot.version() : left);
        deleteUnheld();
    }

    synchronized void hold(long version) {
        held.hold(version);
    }

    synchronized void release(long version) {
        held.release(version);
        deleteUnheld();
    }

    private void deleteUnheld() {
        long oldest = held.oldest();
        var it = copies.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getValue() != LIVE && e.getValue() <= oldest) {
                Path p = dir.resolve(e.getKey());
                try {
                    bytes -= Files.size(p);
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a copy that cannot be deleted stays until the next start empties the folder
                }
                it.remove();
            }
        }
    }
}
