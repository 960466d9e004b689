package io.quiver.lake.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's own page encoders against parquet-java's column reader (which decodes every level and
 * value strictly) and DuckDB: every type the lake writes, nullable and not, lists with null and
 * empty entries, a constant column, rows selected out of order, small pages, row groups that end
 * inside a batch and between batches (a memory flush), a
 * dictionary that outgrows its limit mid-chunk, and each chunk's min/max checked against the values.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class ParquetPagesTest {

    private static final int BATCHES = 4;
    /** More than the writer's 4,096-row chunk, so that row groups also end inside a batch. */
    private static final int ROWS = 10_000;
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> CODES = List.of("USDC", "XLM", "AQUA", "yXLM", "EURC");

    @TempDir
    Path dir;

    private static Field field(String name, boolean nullable, ArrowType t) {
        return new Field(name, new FieldType(nullable, t, null), null);
    }

    private static Field list(String name, boolean nullable, boolean itemNullable, ArrowType item) {
        return new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null),
                List.of(new Field("item", new FieldType(itemNullable, item, null), null)));
    }

    private static final Schema SCHEMA = new Schema(List.of(
            field("i8", true, new ArrowType.Int(8, true)),
            field("u8", false, new ArrowType.Int(8, false)),
            field("i16", true, new ArrowType.Int(16, true)),
            field("i32", false, new ArrowType.Int(32, true)),
            field("u32", true, new ArrowType.Int(32, false)),
            field("i64", true, new ArrowType.Int(64, true)),
            field("u64", false, new ArrowType.Int(64, false)),
            field("ts", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
            field("flag", true, ArrowType.Bool.INSTANCE),
            field("dec", true, new ArrowType.Decimal(38, 0, 128)),
            field("contract", true, new ArrowType.FixedSizeBinary(32)),
            field("hash", false, new ArrowType.FixedSizeBinary(32)),
            field("code", true, ArrowType.Utf8.INSTANCE),
            field("id", false, ArrowType.Utf8.INSTANCE),
            field("grows", false, ArrowType.Utf8.INSTANCE),
            field("blob", true, ArrowType.Binary.INSTANCE),
            list("topics", false, false, ArrowType.Binary.INSTANCE),
            list("tags", true, true, ArrowType.Utf8.INSTANCE)));

    /** The value of column {@code c} in row {@code r} of batch {@code b}, as Java sees it (null for null). */
    private static Object value(int c, int b, int r) {
        Random rnd = new Random(b * 1_000_003L + r * 31L + c);
        boolean isNull = rnd.nextInt(7) == 0;
        return switch (c) {
            case 0 -> isNull ? null : (byte) rnd.nextInt();
            case 1 -> rnd.nextInt(256);
            case 2 -> isNull ? null : (short) rnd.nextInt();
            case 3 -> rnd.nextInt();
            case 4 -> isNull ? null : rnd.nextInt() & 0xFFFFFFFFL;
            case 5 -> isNull ? null : rnd.nextLong();
            case 6 -> new BigInteger(64, rnd);
            case 7 -> isNull ? null : 1_700_000_000_000_000L + rnd.nextInt(1 << 30);
            case 8 -> isNull ? null : rnd.nextBoolean();
            case 9 -> isNull ? null : new BigInteger(120, rnd).subtract(BigInteger.ONE.shiftLeft(119));
            case 10 -> isNull ? null : bytes(new Random(rnd.nextInt(4)), 32);
            case 11 -> bytes(rnd, 32);
            case 12 -> isNull ? null : CODES.get(rnd.nextInt(CODES.size()));
            case 13 -> "id-" + b + "-" + r + "-" + Long.toHexString(rnd.nextLong());
            // few values in the first batch (so it gets a dictionary), then long distinct ones: over the limit
            case 14 -> b == 0 ? CODES.get(r % 3) : "g" + b + "-" + r + "-" + "x".repeat(200);
            case 15 -> isNull ? null : bytes(rnd, rnd.nextInt(40));
            case 16 -> {
                List<byte[]> l = new ArrayList<>();
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    l.add(bytes(rnd, 1 + rnd.nextInt(20)));
                }
                yield l;
            }
            case 17 -> {
                if (isNull) {
                    yield null;
                }
                List<String> l = new ArrayList<>();
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    l.add(rnd.nextInt(5) == 0 ? null : CODES.get(rnd.nextInt(CODES.size())));
                }
                yield l;
            }
            default -> throw new IllegalArgumentException("column " + c);
        };
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    @SuppressWarnings("unchecked")
    private static VectorSchemaRoot batch(BufferAllocator a, int b) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a);
        root.allocateNew();
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < SCHEMA.getFields().size(); c++) {
                Object v = value(c, b, r);
                FieldVector vec = root.getVector(c);
                if (v == null) {
                    vec.setNull(r);
                    continue;
                }
                switch (c) {
                    case 0 -> ((TinyIntVector) vec).setSafe(r, (byte) v);
                    case 1 -> ((UInt1Vector) vec).setSafe(r, (int) v);
                    case 2 -> ((SmallIntVector) vec).setSafe(r, (short) v);
                    case 3 -> ((IntVector) vec).setSafe(r, (int) v);
                    case 4 -> ((UInt4Vector) vec).setSafe(r, (int) (long) v);
                    case 5 -> ((BigIntVector) vec).setSafe(r, (long) v);
                    case 6 -> ((UInt8Vector) vec).setSafe(r, ((BigInteger) v).longValue());
                    case 7 -> ((TimeStampMicroTZVector) vec).setSafe(r, (long) v);
                    case 8 -> ((BitVector) vec).setSafe(r, (boolean) v ? 1 : 0);
                    case 9 -> ((DecimalVector) vec).setSafe(r, new java.math.BigDecimal((BigInteger) v));
                    case 10, 11 -> ((FixedSizeBinaryVector) vec).setSafe(r, (byte[]) v);
                    case 12, 13, 14 -> ((VarCharVector) vec).setSafe(r, ((String) v).getBytes(StandardCharsets.UTF_8));
                    case 15 -> ((VarBinaryVector) vec).setSafe(r, (byte[]) v);
                    default -> {
                    }
                }
            }
        }
        for (int c = 16; c <= 17; c++) {
            UnionListWriter w = ((ListVector) root.getVector(c)).getWriter();
            for (int r = 0; r < ROWS; r++) {
                w.setPosition(r);
                Object v = value(c, b, r);
                if (v == null) {
                    w.writeNull();
                    continue;
                }
                w.startList();
                for (Object item : (List<Object>) v) {
                    if (item == null) {
                        w.writeNull();
                    } else {
                        byte[] bytes = item instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) item;
                        try (var buf = a.buffer(bytes.length)) {
                            buf.setBytes(0, bytes);
                            if (c == 16) {
                                w.varBinary().writeVarBinary(0, bytes.length, buf);
                            } else {
                                w.varChar().writeVarChar(0, bytes.length, buf);
                            }
                        }
                    }
                }
                w.endList();
            }
            w.setValueCount(ROWS);
        }
        root.setRowCount(ROWS);
        return root;
    }

    /** Rows written from batch {@code b}: most of them, out of order (as the router hands a partition its rows). */
    private static int[] selection(int b) {
        List<Integer> rows = new ArrayList<>();
        for (int r = ROWS - 1; r >= 0; r--) {
            if ((r + b) % 9 != 0) {
                rows.add(r);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A value as text, the same for Java's values and what parquet-java reads. */
    private static String text(int c, Object v) {
        if (v == null) {
            return "null";
        }
        return switch (c) {
            case 10, 11, 15 -> HEX.formatHex((byte[]) v);
            case 16 -> {
                List<String> l = new ArrayList<>();
                for (Object o : (List<?>) v) {
                    l.add(HEX.formatHex((byte[]) o));
                }
                yield l.toString();
            }
            default -> String.valueOf(v);
        };
    }

    /** Reads the next row of column {@code c} from parquet-java's reader, levels and values. */
    private static String read(int c, ColumnReader r, ColumnDescriptor d, long[] consumed) {
        int maxDef = d.getMaxDefinitionLevel();
        if (d.getMaxRepetitionLevel() == 0) {
            String s = r.getCurrentDefinitionLevel() < maxDef ? "null" : leaf(c, r, d);
            r.consume();
            consumed[0]++;
            return s;
        }
        int def = r.getCurrentDefinitionLevel();
        if (c == 17 && def == 0) {
            r.consume();
            consumed[0]++;
            return "null";
        }
        List<String> items = new ArrayList<>();
        boolean empty = def < maxDef - (c == 17 ? 1 : 0);
        do {
            if (!empty) {
                items.add(r.getCurrentDefinitionLevel() < maxDef ? "null" : leaf(c, r, d));
            }
            r.consume();
            consumed[0]++;
        } while (consumed[0] < r.getTotalValueCount() && r.getCurrentRepetitionLevel() == 1);
        return items.toString();
    }

    private static String leaf(int c, ColumnReader r, ColumnDescriptor d) {
        return switch (d.getPrimitiveType().getPrimitiveTypeName()) {
            case INT32 -> switch (c) {
                case 0, 2 -> String.valueOf(c == 0 ? (byte) r.getInteger() : (short) r.getInteger());
                case 4 -> String.valueOf(r.getInteger() & 0xFFFFFFFFL);
                default -> String.valueOf(r.getInteger());
            };
            case INT64 -> c == 6 ? Long.toUnsignedString(r.getLong()) : String.valueOf(r.getLong());
            case BOOLEAN -> String.valueOf(r.getBoolean());
            case FIXED_LEN_BYTE_ARRAY -> c == 9 ? new BigInteger(r.getBinary().getBytes()).toString() : HEX.formatHex(r.getBinary().getBytes());
            case BINARY -> c == 15 || c == 16 ? HEX.formatHex(r.getBinary().getBytes()) : r.getBinary().toStringUsingUTF8();
            default -> throw new IllegalStateException(d.toString());
        };
    }

    /** Column {@code c}'s value as parquet-java compares it, for min/max (null for null). */
    private static Comparable<?> parquetValue(int c, Object v) {
        if (v == null) {
            return null;
        }
        return switch (c) {
            case 0 -> (int) (byte) v;
            case 2 -> (int) (short) v;
            case 4 -> (int) (long) v;
            case 6 -> ((BigInteger) v).longValue();
            case 9 -> {
                byte[] be = ((BigInteger) v).toByteArray();
                byte[] b16 = new byte[16];
                java.util.Arrays.fill(b16, be[0] < 0 ? (byte) -1 : 0);
                System.arraycopy(be, 0, b16, 16 - be.length, be.length);
                yield Binary.fromConstantByteArray(b16);
            }
            case 10, 11, 15 -> Binary.fromConstantByteArray((byte[]) v);
            case 12, 13, 14 -> Binary.fromString((String) v);
            default -> (Comparable<?>) v;
        };
    }

    private static String norm(Object v) {
        return v instanceof Binary b ? HEX.formatHex(b.getBytes()) : String.valueOf(v);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyLevelValueAndMinMaxReadsBackExactly(BufferAllocator allocator) throws Exception {
        List<Field> columns = new ArrayList<>(SCHEMA.getFields());
        columns.add(field("kafka_offset", false, new ArrowType.Int(64, true)));
        int[] sources = new int[columns.size()];
        for (int c = 0; c < sources.length; c++) {
            sources[c] = c < SCHEMA.getFields().size() ? c : -1;
        }
        FileLayout layout = new FileLayout(columns, sources, Map.of("quiver.schema", "test"));
        // small pages and row groups, so that pages and row groups end in many places
        WriterOptions options = new WriterOptions(ParquetCodec.NONE, 6_000, 64L << 20, 4096);
        Path file = dir.resolve("t.parquet");
        List<List<String>> expected = new ArrayList<>();
        List<List<Comparable<?>>> compared = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            expected.add(new ArrayList<>());
            compared.add(new ArrayList<>());
        }
        try (LakeFileWriter w = LakeFormat.PARQUET.open(file, layout, options)) {
            for (int b = 0; b < BATCHES; b++) {
                int[] rows = selection(b);
                try (VectorSchemaRoot root = batch(allocator, b)) {
                    w.write(root, rows, rows.length, new long[] {1000L + b});
                }
                if (b == 1) {
                    w.flushBuffered(); // as the sink does to free memory: a row group ends between batches too
                }
                for (int r : rows) {
                    for (int c = 0; c < SCHEMA.getFields().size(); c++) {
                        Object v = value(c, b, r);
                        expected.get(c).add(c == 9 && v != null ? v.toString() : text(c, v));
                        compared.get(c).add(c >= 16 ? null : parquetValue(c, v));
                    }
                    expected.get(columns.size() - 1).add(String.valueOf(1000L + b));
                    compared.get(columns.size() - 1).add(1000L + b);
                }
            }
            w.finish();
        }
        int total = expected.get(0).size();

        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFileMetaData().getSchema();
            List<BlockMetaData> blocks = reader.getFooter().getBlocks();
            assertTrue(blocks.size() >= 2, blocks.size() + " row groups");
            int rowBase = 0;
            PageReadStore group;
            int g = 0;
            while ((group = reader.readNextRowGroup()) != null) {
                BlockMetaData block = blocks.get(g++);
                int n = (int) group.getRowCount();
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(group, new GroupRecordConverter(schema).getRootConverter(), schema,
                        reader.getFileMetaData().getCreatedBy());
                for (int c = 0; c < columns.size(); c++) {
                    ColumnDescriptor d = schema.getColumns().get(c);
                    ColumnReader cr = store.getColumnReader(d);
                    long[] consumed = {0};
                    for (int k = 0; k < n; k++) {
                        assertEquals(expected.get(c).get(rowBase + k), read(c, cr, d, consumed), columns.get(c).getName() + " row " + (rowBase + k));
                    }
                    assertEquals(cr.getTotalValueCount(), consumed[0], columns.get(c).getName() + ": values left over");
                    if (c >= 16) {
                        continue;
                    }
                    ColumnChunkMetaData chunk = block.getColumns().get(c);
                    Statistics<?> stats = chunk.getStatistics();
                    java.util.Comparator cmp = ((PrimitiveType) schema.getType(c)).comparator();
                    Comparable min = null;
                    Comparable max = null;
                    long nulls = 0;
                    for (int k = 0; k < n; k++) {
                        Comparable v = compared.get(c).get(rowBase + k);
                        if (v == null) {
                            nulls++;
                        } else {
                            min = min == null || cmp.compare(v, min) < 0 ? v : min;
                            max = max == null || cmp.compare(v, max) > 0 ? v : max;
                        }
                    }
                    String name = columns.get(c).getName();
                    if (name.equals("hash") || name.equals("id") || name.equals("blob")) {
                        // mostly distinct: plain, no min/max by design
                        assertFalse(stats.hasNonNullValue(), name + " has no min/max");
                        continue;
                    }
                    assertEquals(nulls, stats.getNumNulls(), name + " nulls, row group " + g);
                    assertEquals(norm(min), norm(stats.genericGetMin()), name + " min, row group " + g);
                    assertEquals(norm(max), norm(stats.genericGetMax()), name + " max, row group " + g);
                }
                rowBase += n;
            }
            assertEquals(total, rowBase);
            // the growing column fell back from its dictionary in later row groups: both encodings are there
            Set<String> encodings = new TreeSet<>();
            for (BlockMetaData b : blocks) {
                b.getColumns().get(14).getEncodings().forEach(e -> encodings.add(e.name()));
            }
            assertTrue(encodings.contains("PLAIN") && encodings.contains("PLAIN_DICTIONARY"), encodings.toString());
        }

        // and DuckDB, a reader of its own
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("select count(*), sum(u32)::varchar, sum(dec)::varchar, count(code), count(distinct id), "
                     + "sum(len(tags)), sum(len(topics)), sum(kafka_offset) from read_parquet('" + file + "')")) {
            rs.next();
            long u32 = 0;
            BigInteger dec = BigInteger.ZERO;
            long codes = 0;
            long tags = 0;
            long topics = 0;
            long offsets = 0;
            for (int k = 0; k < total; k++) {
                u32 += expected.get(4).get(k).equals("null") ? 0 : Long.parseLong(expected.get(4).get(k));
                dec = expected.get(9).get(k).equals("null") ? dec : dec.add(new BigInteger(expected.get(9).get(k)));
                codes += expected.get(12).get(k).equals("null") ? 0 : 1;
                String t = expected.get(17).get(k);
                tags += t.equals("null") || t.equals("[]") ? 0 : t.split(",").length;
                String p = expected.get(16).get(k);
                topics += p.equals("[]") ? 0 : p.split(",").length;
                offsets += Long.parseLong(expected.get(18).get(k));
            }
            assertEquals(total, rs.getLong(1));
            assertEquals(String.valueOf(u32), rs.getString(2));
            assertEquals(dec.toString(), rs.getString(3));
            assertEquals(codes, rs.getLong(4));
            assertEquals(total, rs.getLong(5));
            assertEquals(tags, rs.getLong(6));
            assertEquals(topics, rs.getLong(7));
            assertEquals(offsets, rs.getLong(8));
        }
    }
}
