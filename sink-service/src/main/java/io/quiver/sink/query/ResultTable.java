package io.quiver.sink.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A query's result held whole (at most {@code max-rows} rows), with each value already in the form
 * every encoding writes: text, exact integers and decimals (never floats for amounts), booleans,
 * doubles for what DuckDB computes as doubles, instants for timestamps, and hex for bytes.
 */
public record ResultTable(List<String> columns, List<String> types, List<Object[]> rows) {

    /** Reads {@code rs} whole; more than {@code maxRows} rows is a {@link QueryException.Kind#TOO_LARGE}. */
    public static ResultTable read(ResultSet rs, int maxRows) throws SQLException, QueryException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        List<String> types = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            columns.add(md.getColumnLabel(i));
            types.add(md.getColumnTypeName(i));
        }
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            if (rows.size() == maxRows) {
                throw QueryException.tooManyRows(maxRows, QueryException.Limit.REST);
            }
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
                row[i] = value(rs.getObject(i + 1));
            }
            rows.add(row);
        }
        return new ResultTable(List.copyOf(columns), List.copyOf(types), rows);
    }

    /** A JDBC value in its encodable form. */
    static Object value(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof BigDecimal || v instanceof BigInteger) {
            return v;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (v instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        if (v instanceof Instant) {
            return v;
        }
        if (v instanceof Blob b) {
            return HexFormat.of().formatHex(b.getBytes(1, (int) b.length()));
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        if (v instanceof java.nio.ByteBuffer b) {
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            return HexFormat.of().formatHex(copy);
        }
        return v.toString();
    }

    /** The index of {@code column}, or -1. */
    public int column(String column) {
        return columns.indexOf(column);
    }
}
