package io.quiver.lake.format;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * JSON lines (one object per row, keys the column names) and CSV (RFC 4180, a header row). Values
 * are written so that no reader loses precision: decimals as exact decimal strings, unsigned 64-bit
 * integers unsigned, timestamps as ISO-8601 UTC instants, binaries as lower-case hex, lists as JSON
 * arrays (in CSV, a quoted JSON array). Text formats are for interchange, not speed: the lake's
 * speed goal is Parquet's.
 */
final class TextLakeWriter implements LakeFileWriter {

    enum Style { JSON_LINES, CSV }

    private static final HexFormat HEX = HexFormat.of();
    private static final int BUFFER = 64 * 1024;

    private final FileLayout layout;
    private final Style style;
    private final FileOutputStream stream;
    private final BufferedWriter out;
    private final CountingBytes counter = new CountingBytes();
    private final StringBuilder line = new StringBuilder(512);
    private long rows;
    private boolean closed;

    TextLakeWriter(Path path, FileLayout layout, Style style) throws IOException {
        this.layout = layout;
        this.style = style;
        this.stream = new FileOutputStream(path.toFile());
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER);
        if (style == Style.CSV) {
            List<Field> cols = layout.columns();
            for (int c = 0; c < cols.size(); c++) {
                if (c > 0) {
                    line.append(',');
                }
                csvCell(cols.get(c).getName());
            }
            emitLine();
        }
    }

    @Override
    public void write(VectorSchemaRoot root, int[] rowsIdx, int count, long[] constants) throws IOException {
        List<Field> cols = layout.columns();
        int[] sources = layout.sources();
        for (int k = 0; k < count; k++) {
            int row = rowsIdx[k];
            if (style == Style.JSON_LINES) {
                line.append('{');
            }
            for (int c = 0; c < cols.size(); c++) {
                Field f = cols.get(c);
                if (c > 0) {
                    line.append(',');
                }
                if (style == Style.JSON_LINES) {
                    jsonString(f.getName());
                    line.append(':');
                }
                int constant = FileLayout.constantIndex(sources[c]);
                if (constant >= 0) {
                    constantValue(f.getType(), constants[constant]);
                } else {
                    value(root.getVector(sources[c]), f, row);
                }
            }
            if (style == Style.JSON_LINES) {
                line.append('}');
            }
            emitLine();
            rows++;
        }
    }

    private void emitLine() throws IOException {
        line.append(style == Style.CSV ? "\r\n" : "\n");
        out.append(line);
        counter.add(line);
        line.setLength(0);
    }

    private void constantValue(ArrowType t, long v) {
        if (t instanceof ArrowType.Timestamp) {
            text(timestamp(v, (ArrowType.Timestamp) t));
        } else {
            line.append(Long.toUnsignedString(v));
        }
    }

    private void value(FieldVector v, Field f, int row) {
        if (v.isNull(row)) {
            if (style == Style.JSON_LINES) {
                line.append("null");
            }
            return;
        }
        ArrowType t = f.getType();
        if (t instanceof ArrowType.List) {
            StringBuilder saved = new StringBuilder();
            ListVector lv = (ListVector) v;
            FieldVector items = lv.getDataVector();
            Field item = f.getChildren().get(0);
            int start = lv.getOffsetBuffer().getInt((long) row * 4);
            int end = lv.getOffsetBuffer().getInt((long) (row + 1) * 4);
            saved.append('[');
            for (int j = start; j < end; j++) {
                if (j > start) {
                    saved.append(',');
                }
                saved.append(items.isNull(j) ? "null" : jsonScalar(items, item.getType(), j));
            }
            saved.append(']');
            if (style == Style.JSON_LINES) {
                line.append(saved);
            } else {
                csvCell(saved.toString());
            }
            return;
        }
        if (style == Style.JSON_LINES) {
            line.append(jsonScalar(v, t, row));
        } else {
            csvCell(plain(v, t, row));
        }
    }

    private static String jsonScalar(FieldVector v, ArrowType t, int row) {
        String plain = plain(v, t, row);
        boolean number = t instanceof ArrowType.Int || t instanceof ArrowType.Bool;
        return number ? plain : quoted(plain);
    }

    /** The value as text: numbers exact, times ISO-8601, bytes hex. */
    private static String plain(FieldVector v, ArrowType t, int row) {
        if (t instanceof ArrowType.Int i) {
            long bits = switch (i.getBitWidth()) {
                case 8 -> i.getIsSigned() ? v.getDataBuffer().getByte(row) : v.getDataBuffer().getByte(row) & 0xFF;
                case 16 -> i.getIsSigned() ? v.getDataBuffer().getShort(row * 2L) : v.getDataBuffer().getShort(row * 2L) & 0xFFFF;
                case 32 -> i.getIsSigned() ? v.getDataBuffer().getInt(row * 4L) : v.getDataBuffer().getInt(row * 4L) & 0xFFFFFFFFL;
                default -> v.getDataBuffer().getLong(row * 8L);
            };
            return i.getBitWidth() == 64 && !i.getIsSigned() ? Long.toUnsignedString(bits) : Long.toString(bits);
        }
        if (t instanceof ArrowType.Timestamp ts) {
            return timestamp(v.getDataBuffer().getLong(row * 8L), ts);
        }
        if (t instanceof ArrowType.Bool) {
            return ((v.getDataBuffer().getByte(row >> 3) >> (row & 7)) & 1) == 1 ? "true" : "false";
        }
        if (t instanceof ArrowType.Decimal d) {
            byte[] le = new byte[16];
            v.getDataBuffer().getBytes(row * 16L, le, 0, 16);
            byte[] be = new byte[16];
            for (int k = 0; k < 16; k++) {
                be[k] = le[15 - k];
            }
            return new BigDecimal(new BigInteger(be), d.getScale()).toPlainString();
        }
        if (t instanceof ArrowType.Utf8 || t instanceof ArrowType.LargeUtf8) {
            return v.getObject(row).toString();
        }
        Object o = v.getObject(row);
        if (o instanceof byte[] b) {
            return HEX.formatHex(b);
        }
        throw new IllegalArgumentException("Arrow type " + t + " has no lake mapping");
    }

    private static String timestamp(long v, ArrowType.Timestamp ts) {
        Instant at = switch (ts.getUnit()) {
            case SECOND -> Instant.ofEpochSecond(v);
            case MILLISECOND -> Instant.ofEpochMilli(v);
            case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000L);
            case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
        };
        return at.toString();
    }

    private void text(String s) {
        if (style == Style.JSON_LINES) {
            line.append(quoted(s));
        } else {
            csvCell(s);
        }
    }

    private void jsonString(String s) {
        line.append(quoted(s));
    }

    private static String quoted(String s) {
        return io.quiver.schema.rows.JsonText.quote(new StringBuilder(s.length() + 2), s).toString();
    }

    private void csvCell(String s) {
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        if (!quote) {
            line.append(s);
            return;
        }
        line.append('"').append(s.replace("\"", "\"\"")).append('"');
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public long estimatedBytes() {
        return counter.bytes;
    }

    @Override
    public long bufferedBytes() {
        return BUFFER * 2L;
    }

    @Override
    public void flushBuffered() throws IOException {
        out.flush();
    }

    @Override
    public void finish() throws IOException {
        out.flush();
        stream.getChannel().force(true);
        close();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is incomplete either way; the caller deletes it
        }
    }

    /** UTF-8 length of what was emitted, without encoding twice. */
    private static final class CountingBytes {
        long bytes;

        void add(CharSequence s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    bytes += 1;
                } else if (c < 0x800) {
                    bytes += 2;
                } else if (Character.isHighSurrogate(c)) {
                    bytes += 4;
                    i++;
                } else {
                    bytes += 3;
                }
            }
        }
    }
}
