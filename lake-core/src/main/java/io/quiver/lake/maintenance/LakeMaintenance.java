package io.quiver.lake.maintenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.quiver.lake.format.LakeFileMerger;
import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.manifest.CommitConflictException;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.manifest.ManifestEntry;
import io.quiver.lake.store.LakeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction and retention, both commits through the manifest: a reader of the log sees the small
 * files or the merged one, the expired partition or nothing, never both. A compaction that loses a
 * race (another instance compacted or expired the same files first) commits nothing and is
 * dropped. Merged files are named after the files they replace, so the same lake compacts to the
 * same names.
 */
public final class LakeMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(LakeMaintenance.class);

    /** What one pass did. */
    public record Result(int partitions, int filesIn, int filesOut, long bytes) {
    }

    private final Manifest manifest;
    private final LakeStore store;

    public LakeMaintenance(Manifest manifest) {
        this.manifest = manifest;
        this.store = manifest.store();
    }

    /**
     * Merges, per partition of {@code table}, files under {@code targetBytes} into files of up to
     * about that size. Only partitions whose newest file covers records older than {@code quietMicros}
     * before the table's newest record are touched (closed partitions: a date the stream has moved past).
     */
    public Result compact(String table, long targetBytes, long quietMicros) throws IOException {
        LakeSnapshot s = manifest.refresh();
        List<LakeFile> files = s.files(table);
        long newest = files.stream().mapToLong(LakeFile::maxTimeMicros).max().orElse(Long.MIN_VALUE);
        Map<String, List<LakeFile>> byPartition = files.stream()
                .collect(Collectors.groupingBy(LakeFile::partition, TreeMap::new, Collectors.toList()));
        int partitions = 0;
        int in = 0;
        int out = 0;
        long bytes = 0;
        for (Map.Entry<String, List<LakeFile>> e : byPartition.entrySet()) {
            List<LakeFile> partition = e.getValue();
            long partitionNewest = partition.stream().mapToLong(LakeFile::maxTimeMicros).max().orElse(Long.MIN_VALUE);
            if (newest != Long.MIN_VALUE && partitionNewest >= newest - quietMicros) {
                continue; // still being written
            }
            List<LakeFile> small = partition.stream().filter(f -> f.bytes() < targetBytes * 3 / 4)
                    .sorted(Comparator.comparing(LakeFile::path)).toList();
            List<List<LakeFile>> bins = new ArrayList<>();
            List<LakeFile> bin = new ArrayList<>();
            long binBytes = 0;
            for (LakeFile f : small) {
                if (!bin.isEmpty() && binBytes + f.bytes() > targetBytes) {
                    bins.add(bin);
                    bin = new ArrayList<>();
                    binBytes = 0;
                }
                bin.add(f);
                binBytes += f.bytes();
            }
            bins.add(bin);
            boolean touched = false;
            for (List<LakeFile> b : bins) {
                if (b.size() < 2) {
                    continue;
                }
                LakeFile merged = merge(table, e.getKey(), b);
                if (merged != null) {
                    touched = true;
                    in += b.size();
                    out++;
                    bytes += merged.bytes();
                }
            }
            if (touched) {
                partitions++;
            }
        }
        return new Result(partitions, in, out, bytes);
    }

    private LakeFile merge(String table, String partition, List<LakeFile> inputs) throws IOException {
        String ext = inputs.get(0).path().substring(inputs.get(0).path().lastIndexOf('.') + 1);
        LakeFormat format = LakeFormat.ofExtension(ext);
        List<Path> local = new ArrayList<>();
        Path out = Files.createTempFile(store.spool(), "compact-", "." + ext);
        Files.delete(out);
        try {
            for (LakeFile f : inputs) {
                local.add(store.localCopy(f.path()));
            }
            if (!LakeFileMerger.compatible(format, local)) {
                LOG.info("{}/{}: files of different schemas are left apart", table, partition);
                return null;
            }
            LakeFileMerger.merge(format, local, out);
            String name = "compacted-" + digest(inputs) + "." + ext;
            String path = table + "/" + (partition.isEmpty() ? "" : partition + "/") + name;
            String commitId = manifest.newCommitId();
            String staged = Manifest.stagingKey(commitId, path);
            long size = Files.size(out);
            store.upload(out, staged);
            String topic = inputs.get(0).topic();
            boolean onePartition = inputs.stream().allMatch(f -> f.kafkaPartition() == inputs.get(0).kafkaPartition() && f.topic().equals(topic));
            LakeFile merged = new LakeFile(path, table, partition, topic, onePartition ? inputs.get(0).kafkaPartition() : -1,
                    inputs.stream().mapToLong(LakeFile::fromOffset).min().orElse(0),
                    inputs.stream().mapToLong(LakeFile::toOffset).max().orElse(0),
                    inputs.stream().mapToLong(LakeFile::rows).sum(), size,
                    inputs.stream().mapToLong(LakeFile::minTimeMicros).min().orElse(Long.MAX_VALUE),
                    inputs.stream().mapToLong(LakeFile::maxTimeMicros).max().orElse(Long.MIN_VALUE), staged);
            try {
                manifest.commit(new ManifestEntry(0, ManifestEntry.Kind.COMPACT, commitId, List.of(), List.of(merged),
                        inputs.stream().map(LakeFile::path).toList()));
            } catch (CommitConflictException lost) {
                LOG.info("{}/{}: compaction dropped: {}", table, partition, lost.getMessage());
                store.delete(staged);
                return null;
            }
            LOG.info("{}/{}: {} files ({} bytes) compacted into {} ({} bytes)", table, partition, inputs.size(),
                    inputs.stream().mapToLong(LakeFile::bytes).sum(), name, size);
            return merged;
        } finally {
            for (Path p : local) {
                store.releaseLocalCopy(p);
            }
            Files.deleteIfExists(out);
        }
    }

    /** Removes the partitions of {@code table} all of whose records are older than {@code cutoffMicros}. */
    public Result expire(String table, long cutoffMicros) throws IOException {
        LakeSnapshot s = manifest.refresh();
        Map<String, List<LakeFile>> byPartition = s.files(table).stream()
                .collect(Collectors.groupingBy(LakeFile::partition, TreeMap::new, Collectors.toList()));
        List<String> removed = new ArrayList<>();
        int partitions = 0;
        long bytes = 0;
        for (Map.Entry<String, List<LakeFile>> e : byPartition.entrySet()) {
            if (e.getValue().stream().allMatch(f -> f.maxTimeMicros() != Long.MIN_VALUE && f.maxTimeMicros() < cutoffMicros)) {
                partitions++;
                for (LakeFile f : e.getValue()) {
                    removed.add(f.path());
                    bytes += f.bytes();
                }
            }
        }
        if (removed.isEmpty()) {
            return new Result(0, 0, 0, 0);
        }
        try {
            manifest.commit(new ManifestEntry(0, ManifestEntry.Kind.EXPIRE, manifest.newCommitId(), List.of(), List.of(), removed));
        } catch (CommitConflictException lost) {
            LOG.info("{}: expiry dropped: {}", table, lost.getMessage());
            return new Result(0, 0, 0, 0);
        }
        LOG.info("{}: {} partitions ({} files, {} bytes) past retention removed", table, partitions, removed.size(), bytes);
        return new Result(partitions, removed.size(), 0, bytes);
    }

    private static String digest(List<LakeFile> inputs) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (LakeFile f : inputs) {
                md.update(f.path().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
