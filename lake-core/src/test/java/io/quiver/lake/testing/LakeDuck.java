package io.quiver.lake.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** DuckDB over a lake folder: the independent reader every lake test checks with. */
public final class LakeDuck implements AutoCloseable {

    private final Connection connection;
    private final Path lake;

    public LakeDuck(Path lake) throws SQLException {
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
        this.lake = lake;
    }

    /** {@code read_parquet('LAKE/<table>/**}{@code /*.<ext>', hive_partitioning = true)} as a SQL relation. */
    public String table(String table, String ext) {
        String glob = lake.resolve(table) + "/**/*." + ext;
        return switch (ext) {
            case "parquet" -> "read_parquet('" + glob + "', hive_partitioning = true)";
            case "jsonl" -> "read_json_auto('" + glob + "', hive_partitioning = true)";
            case "csv" -> "read_csv_auto('" + glob + "', hive_partitioning = true)";
            default -> throw new IllegalArgumentException(ext);
        };
    }

    /** Every row of the query, each as its columns' text joined by '|'. */
    public List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int c = 1; c <= n; c++) {
                    if (c > 1) {
                        b.append('|');
                    }
                    b.append(rs.getString(c));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    public long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
