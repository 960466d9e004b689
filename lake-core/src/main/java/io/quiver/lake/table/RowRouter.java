package io.quiver.lake.table;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Splits a batch's rows by hive partition. Rows of a batch mostly share their partition (a batch is
 * a range of ledgers), so the partition path is built only when a row's key differs from the row
 * before; the per-row work is reading the key columns.
 */
public final class RowRouter {

    /** Hive's name for a null partition value; DuckDB, Spark and Trino read it as NULL. */
    public static final String NULL_VALUE = "__HIVE_DEFAULT_PARTITION__";

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final long MICROS_PER_HOUR = 3_600_000_000L;

    /** The rows of one partition, with their record-time span (micros, for retention). */
    public record Group(String path, int[] rows, int count, long minTimeMicros, long maxTimeMicros) {
    }

    private final TableSpec spec;

    public RowRouter(TableSpec spec) {
        this.spec = spec;
    }

    /**
     * @param recordTimeMicros the Kafka record's timestamp in micros, used when the time column is
     *                         the table's Kafka-timestamp column
     */
    public List<Group> route(VectorSchemaRoot root, long recordTimeMicros) {
        int n = root.getRowCount();
        boolean timeFromRecord = spec.timeColumn() != null && spec.timeColumn().equals(spec.kafkaTimestampColumn());
        FieldVector time = timeFromRecord || spec.timeColumn() == null ? null : root.getVector(spec.timeColumn());
        if (time == null && !timeFromRecord && needsTime()) {
            throw new IllegalArgumentException("table " + spec.name() + ": no time column '" + spec.timeColumn() + "'");
        }
        long timeScale = time == null ? 1 : scaleToMicros(time.getField().getType());
        List<PartitionKey> keys = spec.partitionBy();
        FieldVector[] keyVectors = new FieldVector[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
            PartitionKey key = keys.get(k);
            if (key.kind() == PartitionKey.Kind.LEDGER_RANGE) {
                keyVectors[k] = vector(root, spec.ledgerColumn());
            } else if (key.kind() == PartitionKey.Kind.COLUMN) {
                keyVectors[k] = vector(root, key.column());
            }
        }
        Map<String, Builder> groups = new HashMap<>();
        List<Builder> order = new ArrayList<>();
        long[] codes = new long[keys.size()];
        long[] previous = null;
        Builder current = null;
        String[] texts = new String[keys.size()];
        for (int row = 0; row < n; row++) {
            long micros = time == null ? recordTimeMicros : (time.isNull(row) ? Long.MIN_VALUE : time.getDataBuffer().getLong(row * 8L) / timeScale);
            boolean same = previous != null;
            for (int k = 0; k < keys.size(); k++) {
                PartitionKey key = keys.get(k);
                long code = switch (key.kind()) {
                    case DATE -> Math.floorDiv(micros, MICROS_PER_DAY);
                    case HOUR -> Math.floorDiv(micros, MICROS_PER_HOUR);
                    case LEDGER_RANGE -> keyVectors[k].isNull(row) ? Long.MIN_VALUE
                            : unsigned(keyVectors[k], row) / spec.ledgerRangeSize();
                    case COLUMN -> stringCode(keyVectors[k], row, k);
                };
                codes[k] = code;
                if (same && previous[k] != code) {
                    same = false;
                }
            }
            if (!same) {
                for (int k = 0; k < keys.size(); k++) {
                    texts[k] = keys.get(k).folderName() + "=" + folderValue(keys.get(k), codes[k], keyVectors[k], row, micros);
                }
                String path = String.join("/", texts);
                current = groups.get(path);
                if (current == null) {
                    current = new Builder(path, n);
                    groups.put(path, current);
                    order.add(current);
                }
                previous = codes.clone();
            }
            current.add(row, micros);
        }
        List<Group> out = new ArrayList<>(order.size());
        for (Builder b : order) {
            out.add(new Group(b.path, b.rows, b.count, b.min, b.max));
        }
        return out;
    }

    private boolean needsTime() {
        return spec.partitionBy().stream().anyMatch(k -> k.kind() == PartitionKey.Kind.DATE || k.kind() == PartitionKey.Kind.HOUR);
    }

    private FieldVector vector(VectorSchemaRoot root, String column) {
        FieldVector v = root.getVector(column);
        if (v == null) {
            throw new IllegalArgumentException("table " + spec.name() + ": partition column '" + column + "' is not in the batch");
        }
        return v;
    }

    private static long scaleToMicros(ArrowType t) {
        if (t instanceof ArrowType.Timestamp ts) {
            return ts.getUnit() == TimeUnit.NANOSECOND ? 1000 : 1;
        }
        throw new IllegalArgumentException("time column of type " + t + " is not a timestamp");
    }

    private static long unsigned(FieldVector v, int row) {
        ArrowType.Int t = (ArrowType.Int) v.getField().getType();
        return switch (t.getBitWidth()) {
            case 32 -> v.getDataBuffer().getInt(row * 4L) & 0xFFFFFFFFL;
            case 64 -> v.getDataBuffer().getLong(row * 8L);
            default -> throw new IllegalArgumentException("ledger column must be a 32- or 64-bit integer");
        };
    }

    // String partition values: a row is compared in place (no copy) with the last row of the batch
    // that gave this key a code; only a different value is decoded and looked up.
    private final Map<Integer, Map<String, Long>> codesByValue = new HashMap<>();
    private int[] lastRow = new int[0];
    private long[] lastCode = new long[0];
    private FieldVector[] lastVector = new FieldVector[0];

    private long stringCode(FieldVector v, int row, int k) {
        if (v.isNull(row)) {
            return Long.MIN_VALUE;
        }
        if (lastRow.length <= k) {
            lastRow = Arrays.copyOf(lastRow, k + 1);
            lastCode = Arrays.copyOf(lastCode, k + 1);
            lastVector = Arrays.copyOf(lastVector, k + 1);
        }
        if (lastVector[k] == v && sameBytes(v, lastRow[k], row)) {
            return lastCode[k];
        }
        Map<String, Long> known = codesByValue.computeIfAbsent(k, x -> new HashMap<>());
        String s = v.getObject(row).toString();
        long c = known.computeIfAbsent(s, x -> (long) known.size());
        lastVector[k] = v;
        lastRow[k] = row;
        lastCode[k] = c;
        return c;
    }

    private static boolean sameBytes(FieldVector v, int a, int b) {
        org.apache.arrow.memory.ArrowBuf offsets = v.getOffsetBuffer();
        int aStart = offsets.getInt(a * 4L);
        int aLen = offsets.getInt((a + 1) * 4L) - aStart;
        int bStart = offsets.getInt(b * 4L);
        int bLen = offsets.getInt((b + 1) * 4L) - bStart;
        if (aLen != bLen) {
            return false;
        }
        org.apache.arrow.memory.ArrowBuf data = v.getDataBuffer();
        for (int i = 0; i < aLen; i++) {
            if (data.getByte(aStart + i) != data.getByte(bStart + i)) {
                return false;
            }
        }
        return true;
    }

    private static String folderValue(PartitionKey key, long code, FieldVector v, int row, long micros) {
        if (code == Long.MIN_VALUE && key.kind() != PartitionKey.Kind.COLUMN) {
            return NULL_VALUE;
        }
        return switch (key.kind()) {
            case DATE -> LocalDate.ofEpochDay(code).toString();
            case HOUR -> String.format("%02d", Math.floorMod(code, 24));
            case LEDGER_RANGE -> Long.toString(code);
            case COLUMN -> v.isNull(row) ? NULL_VALUE : escape(v.getObject(row).toString());
        };
    }

    /** Percent-encodes what is unsafe in a folder name (as Hive does), so any value makes one folder. */
    static String escape(String value) {
        if (value.isEmpty()) {
            return NULL_VALUE;
        }
        StringBuilder b = new StringBuilder(value.length());
        for (byte x : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xFF));
            }
        }
        String s = b.toString();
        return s.equals(".") || s.equals("..") ? "%2E" + s.substring(1) : s;
    }

    private static final class Builder {
        final String path;
        final int[] rows;
        int count;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;

        Builder(String path, int capacity) {
            this.path = path;
            this.rows = new int[capacity];
        }

        void add(int row, long micros) {
            rows[count++] = row;
            if (micros != Long.MIN_VALUE) {
                min = Math.min(min, micros);
                max = Math.max(max, micros);
            }
        }
    }
}
