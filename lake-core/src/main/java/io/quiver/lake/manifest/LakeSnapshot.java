package io.quiver.lake.manifest;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The lake at one version of its log: the live files and, per source partition, the offset the
 * next append starts from. This, not the consumer group, is where a sink resumes.
 */
public final class LakeSnapshot {

    private long version;
    private final TreeMap<String, LakeFile> files = new TreeMap<>();
    private final TreeMap<String, Long> nextOffsets = new TreeMap<>();

    public LakeSnapshot() {
    }

    LakeSnapshot(long version, Collection<LakeFile> files, Map<String, Long> nextOffsets) {
        this.version = version;
        files.forEach(f -> this.files.put(f.path(), f));
        this.nextOffsets.putAll(nextOffsets);
    }

    public long version() {
        return version;
    }

    public Collection<LakeFile> files() {
        return files.values();
    }

    public List<LakeFile> files(String table) {
        return files.values().stream().filter(f -> f.table().equals(table)).toList();
    }

    public boolean isLive(String path) {
        return files.containsKey(path);
    }

    public LakeFile file(String path) {
        return files.get(path);
    }

    public Map<String, Long> nextOffsets() {
        return nextOffsets;
    }

    public OptionalLong nextOffset(String topic, int partition) {
        Long v = nextOffsets.get(topic + "/" + partition);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** Why {@code e} cannot follow this snapshot, or null when it can. */
    String conflict(ManifestEntry e) {
        for (OffsetRange r : e.offsets()) {
            long expected = nextOffsets.getOrDefault(r.topicPartition(), -1L);
            if (expected >= 0 && expected != r.from()) {
                return r.topicPartition() + " continues at offset " + expected + ", not " + r.from();
            }
        }
        for (String removed : e.removed()) {
            if (!files.containsKey(removed)) {
                return removed + " is no longer live";
            }
        }
        return null;
    }

    void apply(ManifestEntry e) {
        for (String removed : e.removed()) {
            files.remove(removed);
        }
        for (LakeFile f : e.added()) {
            files.put(f.path(), f);
        }
        for (OffsetRange r : e.offsets()) {
            nextOffsets.merge(r.topicPartition(), r.to(), Math::max);
        }
        version = e.version();
    }

    LakeSnapshot copy() {
        return new LakeSnapshot(version, files.values(), nextOffsets);
    }
}
