package io.quiver.sink.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quiver.sink.query.ResultTable;

/**
 * How a REST result is written: JSON (default), CSV ({@code Accept: text/csv}) or an Arrow IPC
 * stream ({@code Accept: application/vnd.apache.arrow.stream}, written by {@link ArrowResults}).
 * JSON numbers are exact (integers and decimals as their full digits); timestamps are ISO-8601 UTC;
 * bytes are hex.
 */
public enum ResultEncoding {
    JSON("application/json"),
    CSV("text/csv"),
    ARROW("application/vnd.apache.arrow.stream");

    private static final JsonFactory FACTORY = new JsonFactory();

    private final String mediaType;

    ResultEncoding(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The encoding an {@code Accept} header asks for (JSON when absent or {@code * / *}). */
    public static ResultEncoding of(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
            for (ResultEncoding e : values()) {
                if (e.mediaType.equals(type)) {
                    return e;
                }
            }
            if (type.equals("*/*") || type.equals("application/*")) {
                return JSON;
            }
        }
        throw new IllegalArgumentException("Accept '" + accept + "': this endpoint writes application/json, text/csv or "
                + "application/vnd.apache.arrow.stream");
    }

    /** The rows as a JSON array of objects, inside {@code {"<key>": [...], extra...}} when {@code key} is not null. */
    public static void writeJson(ResultTable t, String key, Map<String, Object> extra, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            if (key != null) {
                g.writeStartObject();
                g.writeFieldName(key);
            }
            g.writeStartArray();
            for (Object[] row : t.rows()) {
                writeRow(g, t, row);
            }
            g.writeEndArray();
            if (key != null) {
                for (var e : extra.entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
        }
    }

    /** Row {@code row} as one JSON object. */
    public static void writeJsonObject(ResultTable t, int row, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            writeRow(g, t, t.rows().get(row));
        }
    }

    private static void writeRow(JsonGenerator g, ResultTable t, Object[] row) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < row.length; i++) {
            g.writeFieldName(t.columns().get(i));
            writeValue(g, row[i]);
        }
        g.writeEndObject();
    }

    static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d.toPlainString());
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeString(d.toString());
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Instant t) {
            g.writeString(t.toString());
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object x : l) {
                writeValue(g, x);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }

    /** The rows as RFC 4180 CSV with a header line. */
    public static void writeCsv(ResultTable t, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(String.join(",", t.columns().stream().map(ResultEncoding::csv).toList()));
        w.write("\r\n");
        for (Object[] row : t.rows()) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    w.write(',');
                }
                Object v = row[i];
                if (v != null) {
                    w.write(csv(v instanceof BigDecimal d ? d.toPlainString() : v.toString()));
                }
            }
            w.write("\r\n");
        }
        w.flush();
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
