package io.quiver.lake.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

import io.quiver.lake.table.LakeTables;
import io.quiver.lake.table.TableLayout;
import io.quiver.lake.testing.TtpEventBatches;
import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowAllocatorExtension.class)
class LakeFormatTest {

    @TempDir
    Path dir;

    @Test
    void duckDbReadsParquetJsonLinesAndCsvWithTheSameCountsAndExactSums(BufferAllocator allocator) throws Exception {
        TtpEventBatches gen = new TtpEventBatches(1, 300);
        try (VectorSchemaRoot root = gen.batch(allocator, 1, 20)) {
            FileLayout layout = TableLayout.of(LakeTables.byName(LakeTables.TOKEN_TRANSFER_EVENTS), root.getSchema());
            int n = root.getRowCount();
            int[] rows = new int[n];
            Arrays.setAll(rows, i -> i);
            for (LakeFormat f : LakeFormat.values()) {
                try (LakeFileWriter w = f.open(dir.resolve("t." + f.extension()), layout, WriterOptions.defaults())) {
                    w.write(root, rows, n / 2, new long[0]);
                    int[] rest = Arrays.copyOfRange(rows, n / 2, n);
                    w.write(root, rest, rest.length, new long[0]);
                    w.finish();
                }
            }
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
                String expected = null;
                for (LakeFormat f : LakeFormat.values()) {
                    String reader = switch (f) {
                        case PARQUET -> "read_parquet";
                        case JSON_LINES -> "read_json_auto";
                        case CSV -> "read_csv_auto";
                    };
                    String amount = f == LakeFormat.PARQUET ? "amount_decimal" : "cast(amount_decimal as hugeint)";
                    try (ResultSet rs = s.executeQuery("select count(*), count(distinct event_id), sum(" + amount + ")::varchar, "
                            + "count(asset_code), min(closed_at)::varchar from " + reader + "('" + dir.resolve("t." + f.extension()) + "')")) {
                        rs.next();
                        String got = rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getString(3) + "/" + rs.getLong(4) + "/" + rs.getString(5);
                        System.out.println(f + " " + got);
                        if (expected == null) {
                            expected = got;
                            assertEquals(n, rs.getLong(1));
                        } else {
                            assertEquals(expected, got, f.toString());
                        }
                    }
                }
            }
        }
    }
}
