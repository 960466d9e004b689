package io.quiver.lake.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quiver.lake.store.LakeStore;

/**
 * The lake's log, in the manner of Delta's and Iceberg's: {@code _quiver/log/<version>.json} entries,
 * each created at the next version only if that name is free, so two writers never both get one
 * version. A commit is: files finished and uploaded to a staging key, the entry created (the one
 * atomic step: before it nothing is visible, after it everything is committed), then the staged
 * files moved to their final keys and removed ones deleted. A crash after the entry is finished by
 * {@link #recover} (roll forward), one before it leaves only staging orphans, which are deleted.
 *
 * <p>Every {@value #CHECKPOINT_EVERY} versions the whole snapshot is written to
 * {@code _quiver/checkpoints/<version>.json} and {@code _quiver/last_checkpoint} points at it, so
 * loading reads one checkpoint and the entries after it. Not thread-safe; one per sink.
 */
public final class Manifest {

    public static final String LOG = "_quiver/log/";
    public static final String CHECKPOINTS = "_quiver/checkpoints/";
    public static final String LAST_CHECKPOINT = "_quiver/last_checkpoint";
    public static final String STAGING = "_quiver/staging/";
    static final int CHECKPOINT_EVERY = 50;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    record Checkpoint(long version, List<LakeFile> files, Map<String, Long> nextOffsets) {
    }

    private final LakeStore store;
    private final String instance;
    private LakeSnapshot snapshot = new LakeSnapshot();

    public Manifest(LakeStore store, String instance) {
        this.store = store;
        this.instance = instance;
    }

    public LakeStore store() {
        return store;
    }

    public static String logKey(long version) {
        return LOG + String.format("%020d", version) + ".json";
    }

    /** The snapshot as last loaded or committed by this instance. */
    public LakeSnapshot snapshot() {
        return snapshot;
    }

    /** Reads the log to its end (from the last checkpoint on a first call). */
    public LakeSnapshot refresh() throws IOException {
        if (snapshot.version() == 0) {
            Optional<byte[]> pointer = store.get(LAST_CHECKPOINT);
            if (pointer.isPresent()) {
                long v = Long.parseLong(new String(pointer.get()).trim());
                Checkpoint cp = JSON.readValue(store.get(CHECKPOINTS + String.format("%020d", v) + ".json")
                        .orElseThrow(() -> new IOException("lake " + store.location() + ": checkpoint " + v + " is missing")),
                        Checkpoint.class);
                snapshot = new LakeSnapshot(cp.version(), cp.files(), cp.nextOffsets());
            }
        }
        LakeSnapshot next = snapshot.copy();
        for (long v = next.version() + 1; ; v++) {
            Optional<byte[]> entry = store.get(logKey(v));
            if (entry.isEmpty()) {
                break;
            }
            next.apply(JSON.readValue(entry.get(), ManifestEntry.class));
        }
        snapshot = next;
        return snapshot;
    }

    /** The entries after {@code version}, in order (for tools and recovery). */
    public List<ManifestEntry> entriesAfter(long version) throws IOException {
        List<ManifestEntry> out = new ArrayList<>();
        for (long v = version + 1; ; v++) {
            Optional<byte[]> entry = store.get(logKey(v));
            if (entry.isEmpty()) {
                return out;
            }
            out.add(JSON.readValue(entry.get(), ManifestEntry.class));
        }
    }

    /** A fresh commit id: which instance wrote it, and a random part so no two attempts share one. */
    public String newCommitId() {
        return instance + "-" + UUID.randomUUID();
    }

    /** Where a file of commit {@code commitId} waits before publication. */
    public static String stagingKey(String commitId, String path) {
        return STAGING + commitId + "/" + path;
    }

    /**
     * Commits {@code draft} at the next free version, re-reading the log when another writer got
     * there first, then publishes its files.
     *
     * @throws CommitConflictException when a newer entry contradicts it (nothing was committed)
     */
    public ManifestEntry commit(ManifestEntry draft) throws IOException, CommitConflictException {
        while (true) {
            String conflict = snapshot.conflict(draft);
            if (conflict != null) {
                throw new CommitConflictException("lake " + store.location() + ": " + conflict);
            }
            ManifestEntry entry = draft.at(snapshot.version() + 1);
            if (store.createIfAbsent(logKey(entry.version()), JSON.writeValueAsBytes(entry))) {
                LakeSnapshot next = snapshot.copy();
                next.apply(entry);
                snapshot = next;
                publish(entry);
                if (entry.version() % CHECKPOINT_EVERY == 0) {
                    checkpoint();
                }
                return entry;
            }
            refresh();
        }
    }

    /**
     * Deletes the files an entry removed, then moves its staged files into place. In that order a
     * reader of the folder (DuckDB's glob) may for a moment miss a compaction's rows, but never sees
     * them twice; a reader of the log sees the switch atomically.
     */
    private void publish(ManifestEntry entry) throws IOException {
        for (String removed : entry.removed()) {
            store.delete(removed);
        }
        for (LakeFile f : entry.added()) {
            if (f.staged() != null && store.exists(f.staged())) {
                store.move(f.staged(), f.path());
            }
        }
    }

    private void checkpoint() throws IOException {
        LakeSnapshot s = snapshot;
        Checkpoint cp = new Checkpoint(s.version(), new ArrayList<>(s.files()), Map.copyOf(s.nextOffsets()));
        store.put(CHECKPOINTS + String.format("%020d", s.version()) + ".json", JSON.writeValueAsBytes(cp));
        store.put(LAST_CHECKPOINT, Long.toString(s.version()).getBytes());
    }

    /**
     * Brings the folder in line with the log after a crash: staged files of committed entries moved
     * into place, removed files deleted, orphans (staged files no entry names, data files no live
     * entry names) deleted. Staged orphans are left alone until they are {@code orphanAgeMillis}
     * old, so a sink never deletes what another process is about to commit.
     *
     * @return how many files were moved or deleted
     */
    public int recover(long orphanAgeMillis, Set<String> tables) throws IOException {
        // list first, then read the log: a file published after the listing is live in the log read after it
        List<LakeStore.StoredObject> staged = store.list(STAGING);
        List<LakeStore.StoredObject> data = new ArrayList<>();
        for (String t : tables) {
            data.addAll(store.list(t + "/"));
        }
        refresh();
        int changed = 0;
        Map<String, LakeFile> waiting = snapshot.files().stream().filter(f -> f.staged() != null)
                .collect(Collectors.toMap(LakeFile::staged, Function.identity()));
        long now = System.currentTimeMillis();
        for (LakeStore.StoredObject o : staged) {
            LakeFile f = waiting.get(o.key());
            if (f != null) {
                if (!store.exists(f.path())) {
                    store.move(o.key(), f.path());
                } else {
                    store.delete(o.key());
                }
                changed++;
            } else if (now - o.modifiedMillis() > orphanAgeMillis) {
                // never younger: another process (even one started by mistake with this instance's
                // name) may be between its upload and its commit
                store.delete(o.key());
                changed++;
            }
        }
        for (LakeStore.StoredObject o : data) {
            if (!snapshot.isLive(o.key()) && now - o.modifiedMillis() > Math.min(orphanAgeMillis, 60_000)) {
                store.delete(o.key());
                changed++;
            }
        }
        return changed;
    }

}
