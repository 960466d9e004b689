package io.quiver.lake.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.tail.LakeTail;

/**
 * DuckDB SQL reading a local lake's tables from the files its manifest lists (never a glob: a
 * glob would also see files being written, staged or compacted away). One place for sink-service's
 * query engine and the launcher's {@code query} and summary.
 */
public final class LakeScans {

    private LakeScans() {
    }

    /** The snapshot's live files by table, tables in name order. */
    public static Map<String, List<LakeFile>> byTable(LakeSnapshot snapshot) {
        Map<String, List<LakeFile>> out = new TreeMap<>();
        for (LakeFile f : snapshot.files()) {
            out.computeIfAbsent(f.table(), k -> new ArrayList<>()).add(f);
        }
        return out;
    }

    /** {@code CREATE OR REPLACE VIEW} statements, one per table of the snapshot, for a lake at {@code root}. */
    public static List<String> views(Path root, LakeSnapshot snapshot) {
        List<String> out = new ArrayList<>();
        byTable(snapshot).forEach((table, files) -> out.add("CREATE OR REPLACE VIEW " + ident(table) + " AS " + scan(root, files)));
        return out;
    }

    /** A table's files as one scan; the hive partition columns come from the paths. */
    public static String scan(Path root, List<LakeFile> files) {
        List<String> paths = new ArrayList<>();
        for (LakeFile f : files) {
            paths.add(root.resolve(f.path()).toString());
        }
        return read(paths, !files.get(0).partition().isEmpty());
    }

    /**
     * A table as SQL sees it: its committed files and, when there are any, the tail's files of rows
     * not in those files yet (rows at or past the view's offsets only, without the tail's own
     * columns). {@code files} may be empty when the tail has rows.
     */
    public static String view(Path root, String table, List<LakeFile> files, LakeTail.View tail) {
        List<LakeTail.TailFile> rest = tail == null ? List.of() : tail.files(table);
        if (rest.isEmpty()) {
            return scan(root, files);
        }
        List<String> paths = new ArrayList<>();
        Map<Integer, Long> cutoffs = new TreeMap<>();
        for (LakeTail.TailFile f : rest) {
            paths.add(f.path().toString());
            cutoffs.put(f.partition(), tail.cutoff(f.topic(), f.partition()));
        }
        StringBuilder where = new StringBuilder();
        cutoffs.forEach((partition, cutoff) -> where.append(where.length() == 0 ? "" : " OR ").append('(')
                .append(LakeTail.PARTITION_COLUMN).append(" = ").append(partition).append(" AND ").append(LakeTail.OFFSET_COLUMN)
                .append(" >= ").append(cutoff).append(')'));
        String tailScan = "SELECT * EXCLUDE (" + LakeTail.PARTITION_COLUMN + ", " + LakeTail.OFFSET_COLUMN + ") FROM ("
                + read(paths, !rest.get(0).partitionPath().isEmpty()) + ") WHERE " + where;
        return files.isEmpty() ? tailScan : scan(root, files) + " UNION ALL BY NAME " + tailScan;
    }

    /** Files of one table (absolute paths, one format) as one scan. */
    private static String read(List<String> paths, boolean hivePartitioned) {
        StringBuilder list = new StringBuilder("[");
        LakeFormat format = null;
        for (String p : paths.stream().sorted().toList()) {
            if (list.length() > 1) {
                list.append(", ");
            }
            list.append(literal(p));
            String name = p.substring(p.lastIndexOf('/') + 1);
            format = LakeFormat.ofExtension(name.substring(name.lastIndexOf('.') + 1));
        }
        list.append(']');
        String hive = hivePartitioned ? "true" : "false";
        return switch (format) {
            case PARQUET -> "SELECT * FROM read_parquet(" + list + ", hive_partitioning = " + hive + ", union_by_name = true)";
            case JSON_LINES -> "SELECT * FROM read_json(" + list + ", format = 'newline_delimited', hive_partitioning = " + hive
                    + ", union_by_name = true)";
            case CSV -> "SELECT * FROM read_csv(" + list + ", header = true, hive_partitioning = " + hive + ", union_by_name = true)";
        };
    }

    public static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
