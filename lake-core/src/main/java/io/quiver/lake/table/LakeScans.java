package io.quiver.lake.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.manifest.LakeSnapshot;

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
        StringBuilder list = new StringBuilder("[");
        LakeFormat format = null;
        List<LakeFile> sorted = new ArrayList<>(files);
        sorted.sort((a, b) -> a.path().compareTo(b.path()));
        for (LakeFile f : sorted) {
            if (list.length() > 1) {
                list.append(", ");
            }
            list.append(literal(root.resolve(f.path()).toString()));
            String name = f.path().substring(f.path().lastIndexOf('/') + 1);
            format = LakeFormat.ofExtension(name.substring(name.lastIndexOf('.') + 1));
        }
        list.append(']');
        String hive = files.get(0).partition().isEmpty() ? "false" : "true";
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
