package io.quiver.lake.table;

import java.util.Locale;

/**
 * One level of a table's hive partitioning. {@code date} and {@code hour} come from the table's
 * time column (the record's own time, never the wall clock), {@code ledger_range} is the ledger
 * column divided by the table's range size, any other name is a string column's value.
 */
public record PartitionKey(Kind kind, String column) {

    public enum Kind { DATE, HOUR, LEDGER_RANGE, COLUMN }

    /** Parses {@code date}, {@code hour}, {@code ledger_range} or a column name. */
    public static PartitionKey parse(String text) {
        String t = text.trim();
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "date" -> new PartitionKey(Kind.DATE, "date");
            case "hour" -> new PartitionKey(Kind.HOUR, "hour");
            case "ledger_range" -> new PartitionKey(Kind.LEDGER_RANGE, "ledger_range");
            case "" -> throw new IllegalArgumentException("empty partition key");
            default -> new PartitionKey(Kind.COLUMN, t);
        };
    }

    /** The folder name's key, {@code <name>=<value>}. */
    public String folderName() {
        return column;
    }

    @Override
    public String toString() {
        return column;
    }
}
