package io.quiver.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.quiver.lake.format.FileLayout;
import io.quiver.lake.format.LakeFileWriter;
import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.format.ParquetCodec;
import io.quiver.lake.format.WriterOptions;
import io.quiver.lake.table.LakeTables;
import io.quiver.lake.table.TableLayout;
import io.quiver.lake.testing.TtpEventBatches;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.duckdb.DuckDBConnection;

/**
 * {@code ./quiver bench lake [events] [runs]}: the same token transfer events (default 5,000,000, in
 * Arrow batches of 9,000 rows), the same machine, the same codec (zstd), three Parquet writers in
 * one run, alternating, {@code runs} times each (default 3), medians:
 * <ul>
 *   <li>{@code quiver}: the lake's columnar writer, one thread;</li>
 *   <li>{@code duckdb-1} / {@code duckdb}: DuckDB's {@code COPY (SELECT * FROM arrow) TO ... (FORMAT parquet)}
 *       on the same batches handed over through the Arrow C data interface, with one thread and with all;</li>
 *   <li>{@code parquet-java-rows}: parquet-java's record-at-a-time writer, each row built as a {@code Group}
 *       from the Arrow vectors (the row baseline).</li>
 * </ul>
 * Each line: events/s, output bytes, peak heap, peak RSS of the process (reset before each writer).
 * Every output is read back with DuckDB and its count checked.
 */
public final class LakeWriteBench {

    private static final int EVENTS_PER_LEDGER = 900;
    private static final int LEDGERS_PER_BATCH = 10;
    /** Distinct batches generated; the 5 M events are these written over and over (generation is not timed). */
    private static final int DISTINCT_BATCHES = 56;

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("quiver-bench-lake");
        try (BufferAllocator allocator = new RootAllocator()) {
            TtpEventBatches gen = new TtpEventBatches(5, EVENTS_PER_LEDGER);
            List<VectorSchemaRoot> batches = new ArrayList<>();
            for (int b = 0; b < DISTINCT_BATCHES; b++) {
                batches.add(gen.batch(allocator, 1 + (long) b * LEDGERS_PER_BATCH, LEDGERS_PER_BATCH));
            }
            int perBatch = batches.get(0).getRowCount();
            long writes = (events + perBatch - 1) / perBatch;
            long total = writes * perBatch;
            System.out.printf(Locale.ROOT, "lake write: %,d token transfer events (%d distinct batches of %,d rows, each written ~%d times, "
                    + "%,.0f MB of Arrow memory), zstd, %d runs each%n", total, DISTINCT_BATCHES, perBatch, writes / DISTINCT_BATCHES,
                    allocator.getAllocatedMemory() / 1e6, runs);
            Map<String, List<double[]>> results = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                for (String who : System.getProperty("quiver.bench.only", "quiver,duckdb-1,duckdb,parquet-java-rows").split(",")) {
                    Path out = dir.resolve(who + "-" + run + ".parquet");
                    System.gc();
                    resetPeaks();
                    long start = System.nanoTime();
                    switch (who) {
                        case "quiver" -> quiver(batches, writes, out);
                        case "duckdb-1" -> duckdb(allocator, batches, writes, out, 1);
                        case "duckdb" -> duckdb(allocator, batches, writes, out, Runtime.getRuntime().availableProcessors());
                        default -> rows(batches, writes, out);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double[] r = {total / seconds, Files.size(out), peakHeap(), peakRss()};
                    long check = count(out);
                    if (check != total) {
                        throw new IllegalStateException(who + " wrote " + check + " rows, not " + total);
                    }
                    results.computeIfAbsent(who, k -> new ArrayList<>()).add(r);
                    System.out.printf(Locale.ROOT, "  run %d %-18s %,12.0f events/s  %,8.1f MB  heap %,6.0f MB  rss %,6.0f MB%n",
                            run + 1, who, r[0], r[1] / 1e6, r[2] / 1e6, r[3] / 1e6);
                    Files.delete(out);
                }
            }
            System.out.println("medians:");
            double ours = median(results.get("quiver"), 0);
            for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
                double rate = median(e.getValue(), 0);
                System.out.printf(Locale.ROOT, "  %-18s %,12.0f events/s  %,8.1f MB  heap %,6.0f MB  rss %,6.0f MB  (quiver / this = %.2fx)%n",
                        e.getKey(), rate, median(e.getValue(), 1) / 1e6, median(e.getValue(), 2) / 1e6, median(e.getValue(), 3) / 1e6,
                        ours / rate);
            }
            batches.forEach(VectorSchemaRoot::close);
        }
    }

    private static void quiver(List<VectorSchemaRoot> batches, long writes, Path out) throws IOException {
        FileLayout layout = TableLayout.of(LakeTables.byName(LakeTables.TOKEN_TRANSFER_EVENTS), batches.get(0).getSchema());
        int[] rows = new int[batches.get(0).getRowCount()];
        Arrays.setAll(rows, i -> i);
        try (LakeFileWriter w = LakeFormat.PARQUET.open(out, layout, WriterOptions.defaults())) {
            for (long i = 0; i < writes; i++) {
                VectorSchemaRoot root = batches.get((int) (i % batches.size()));
                w.write(root, rows, root.getRowCount(), new long[0]);
            }
            w.finish();
        }
    }

    private static void duckdb(BufferAllocator allocator, List<VectorSchemaRoot> batches, long writes, Path out, int threads)
            throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
             Replay reader = new Replay(allocator, batches, writes)) {
            s.execute("SET threads = " + threads);
            Data.exportArrayStream(allocator, reader, stream);
            c.unwrap(DuckDBConnection.class).registerArrowStream("events", stream);
            s.execute("COPY (SELECT * FROM events) TO '" + out + "' (FORMAT parquet, COMPRESSION zstd)");
        }
    }

    /** The batches, {@code writes} of them in turn, as an Arrow stream for DuckDB. */
    private static final class Replay extends ArrowReader {
        private final List<VectorSchemaRoot> batches;
        private final long writes;
        private long next;

        Replay(BufferAllocator allocator, List<VectorSchemaRoot> batches, long writes) {
            super(allocator);
            this.batches = batches;
            this.writes = writes;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (next >= writes) {
                return false;
            }
            VectorSchemaRoot src = batches.get((int) (next++ % batches.size()));
            try (ArrowRecordBatch rb = new VectorUnloader(src).getRecordBatch()) {
                new VectorLoader(getVectorSchemaRoot()).load(rb);
            }
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {
        }

        @Override
        protected Schema readSchema() {
            return batches.get(0).getSchema();
        }
    }

    /** parquet-java's record API: a Group per row, its fields read from the Arrow vectors. */
    private static void rows(List<VectorSchemaRoot> batches, long writes, Path out) throws IOException {
        FileLayout layout = TableLayout.of(LakeTables.byName(LakeTables.TOKEN_TRANSFER_EVENTS), batches.get(0).getSchema());
        MessageType schema = io.quiver.lake.format.SchemaCheck.parquetSchema(layout);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(out)).withType(schema)
                .withConf(new org.apache.parquet.conf.PlainParquetConfiguration())
                .withCodecFactory(ParquetCodec.ZSTD.codecFactory()).withCompressionCodec(ParquetCodec.ZSTD.parquetName())
                .withWriteMode(ParquetFileWriter.Mode.CREATE).withRowGroupSize(64L << 20).withPageSize(1 << 20).build()) {
            for (long i = 0; i < writes; i++) {
                VectorSchemaRoot root = batches.get((int) (i % batches.size()));
                List<FieldVector> vectors = root.getFieldVectors();
                for (int row = 0; row < root.getRowCount(); row++) {
                    Group g = groups.newGroup();
                    for (int c = 0; c < vectors.size(); c++) {
                        FieldVector v = vectors.get(c);
                        if (v.isNull(row)) {
                            continue;
                        }
                        Field f = v.getField();
                        Object o = v.getObject(row);
                        String name = f.getName();
                        switch (schema.getType(name).asPrimitiveType().getPrimitiveTypeName()) {
                            case INT32 -> g.add(name, ((Number) o).intValue());
                            case INT64 -> g.add(name, o instanceof java.time.LocalDateTime t
                                    ? t.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000
                                    : ((Number) o).longValue());
                            case BOOLEAN -> g.add(name, (Boolean) o);
                            case FIXED_LEN_BYTE_ARRAY -> g.add(name, o instanceof java.math.BigDecimal d
                                    ? Binary.fromConstantByteArray(fixed16(d)) : Binary.fromConstantByteArray((byte[]) o));
                            default -> g.add(name, o instanceof byte[] b ? Binary.fromConstantByteArray(b) : Binary.fromString(o.toString()));
                        }
                    }
                    w.write(g);
                }
            }
        }
    }

    private static byte[] fixed16(java.math.BigDecimal d) {
        byte[] raw = d.unscaledValue().toByteArray();
        byte[] out = new byte[16];
        byte pad = (byte) (d.signum() < 0 ? 0xFF : 0);
        Arrays.fill(out, 0, 16 - raw.length, pad);
        System.arraycopy(raw, 0, out, 16 - raw.length, raw.length);
        return out;
    }

    private static long count(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from read_parquet('" + file + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux or not allowed: the RSS peak is then the process's since start
        }
    }

    private static double peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static double peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return Double.NaN;
    }

    private static double median(List<double[]> rs, int k) {
        double[] v = rs.stream().mapToDouble(r -> r[k]).sorted().toArray();
        return v[v.length / 2];
    }
}
