package io.quiver.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.quiver.lake.maintenance.LakeMaintenance;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.store.LakeStore;
import io.quiver.lake.store.S3Settings;

/**
 * {@code ./quiver lake ls|compact|expire DIR}: what a lake holds by table and partition (from its
 * manifest, the same view a reader of the log gets), and compaction or expiry run by hand; both are
 * commits, safe while sinks write.
 */
final class LakeCommand {

    private final PrintStream out;

    LakeCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) {
        List<String> positional = args.stream().filter(a -> !a.startsWith("--")).toList();
        Options o = Options.parse(args);
        if (positional.size() < 2) {
            throw new UsageException("usage: ./quiver lake ls|compact|expire DIR [--days N] [--target-bytes N] [--s3-endpoint URL]");
        }
        String sub = positional.get(0);
        String location = positional.get(1);
        if (!location.startsWith("s3://") && !Files.isDirectory(Path.of(location))) {
            throw new UsageException("lake folder " + location + " does not exist");
        }
        S3Settings s3 = new S3Settings(Optional.ofNullable(o.option("--s3-endpoint", null)), "us-east-1",
                Optional.ofNullable(System.getenv("AWS_ACCESS_KEY_ID")), Optional.ofNullable(System.getenv("AWS_SECRET_ACCESS_KEY")),
                16L << 20);
        try (LakeStore store = LakeStore.open(location, s3, Files.createTempDirectory("quiver-lake-cli"))) {
            Manifest manifest = new Manifest(store, "cli");
            return switch (sub) {
                case "ls" -> ls(manifest.refresh(), store.location());
                case "compact" -> {
                    LakeSnapshot s = manifest.refresh();
                    long target = Long.parseLong(o.option("--target-bytes", Long.toString(128L << 20)));
                    for (String table : tables(s)) {
                        LakeMaintenance.Result r = new LakeMaintenance(manifest).compact(table, target, Duration.ofHours(1).toNanos() / 1000);
                        out.printf(Locale.ROOT, "%s: %d partitions, %d files merged into %d (%,d bytes)%n", table, r.partitions(),
                                r.filesIn(), r.filesOut(), r.bytes());
                    }
                    yield 0;
                }
                case "expire" -> {
                    int days = o.intOption("--days", -1);
                    if (days < 0) {
                        throw new UsageException("expire needs --days N");
                    }
                    long cutoff = (System.currentTimeMillis() - Duration.ofDays(days).toMillis()) * 1000;
                    for (String table : tables(manifest.refresh())) {
                        LakeMaintenance.Result r = new LakeMaintenance(manifest).expire(table, cutoff);
                        out.printf(Locale.ROOT, "%s: %d partitions (%d files, %,d bytes) older than %d days removed%n", table,
                                r.partitions(), r.filesIn(), r.bytes(), days);
                    }
                    yield 0;
                }
                default -> throw new UsageException("unknown lake command '" + sub + "' (ls, compact, expire)");
            };
        } catch (IOException e) {
            throw new UsageException("lake " + location + ": " + e.getMessage());
        }
    }

    private static TreeSet<String> tables(LakeSnapshot s) {
        return s.files().stream().map(LakeFile::table).collect(Collectors.toCollection(TreeSet::new));
    }

    private int ls(LakeSnapshot s, String location) {
        out.printf(Locale.ROOT, "lake %s at version %d: %d files, %,d rows, %,d bytes%n", location, s.version(), s.files().size(),
                s.files().stream().mapToLong(LakeFile::rows).sum(), s.files().stream().mapToLong(LakeFile::bytes).sum());
        for (String table : tables(s)) {
            Map<String, List<LakeFile>> parts = s.files(table).stream()
                    .collect(Collectors.groupingBy(LakeFile::partition, TreeMap::new, Collectors.toList()));
            out.printf(Locale.ROOT, "%s: %d partitions, %d files, %,d rows, %,d bytes%n", table, parts.size(), s.files(table).size(),
                    s.files(table).stream().mapToLong(LakeFile::rows).sum(), s.files(table).stream().mapToLong(LakeFile::bytes).sum());
            parts.forEach((p, files) -> out.printf(Locale.ROOT, "  %-40s %5d files %,14d rows %,16d bytes%n", p.isEmpty() ? "(unpartitioned)" : p,
                    files.size(), files.stream().mapToLong(LakeFile::rows).sum(), files.stream().mapToLong(LakeFile::bytes).sum()));
        }
        s.nextOffsets().forEach((tp, next) -> out.printf(Locale.ROOT, "offsets %s: next %d%n", tp, next));
        return 0;
    }
}
