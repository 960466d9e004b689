package io.quiver.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.quiver.lake.manifest.LakeSnapshot;
import io.quiver.lake.manifest.Manifest;
import io.quiver.lake.store.LocalLakeStore;
import io.quiver.lake.table.LakeScans;

/** An in-memory DuckDB with one view per table of a local lake's manifest (the files it lists, nothing else). */
final class LakeDb implements AutoCloseable {

    private final Connection db;
    private final Set<String> tables;

    private LakeDb(Connection db, Set<String> tables) {
        this.db = db;
        this.tables = tables;
    }

    static LakeDb open(Path lake) throws IOException, SQLException {
        if (!Files.isDirectory(lake.resolve("_quiver"))) {
            throw new UsageException("no lake at " + lake + " (no _quiver manifest folder)");
        }
        Path root = lake.toAbsolutePath().normalize();
        LakeSnapshot snap = new Manifest(new LocalLakeStore(root), "query").refresh();
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            for (String view : LakeScans.views(root, snap)) {
                s.execute(view);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new LakeDb(c, LakeScans.byTable(snap).keySet());
    }

    boolean has(String table) {
        return tables.contains(table);
    }

    /** The single number a query answers (0 when the table is absent: nothing was written to it). */
    long number(String table, String sql) throws SQLException {
        if (!has(table)) {
            return 0;
        }
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** Column names, then rows, each value as text (null as "NULL"). */
    List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                header.add(r.getMetaData().getColumnLabel(i));
            }
            out.add(header);
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = r.getObject(i);
                    row.add(v == null ? "NULL" : v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v.toString());
                }
                out.add(row);
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
