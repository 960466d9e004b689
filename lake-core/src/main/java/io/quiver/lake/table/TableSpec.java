package io.quiver.lake.table;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one topic becomes one lake table. The columns come from the schema each Arrow batch carries;
 * this says only where rows go and what is left out or added.
 *
 * @param name            the table's folder under the lake, e.g. {@code token_transfer_events}
 * @param topic           the Kafka topic it is written from
 * @param partitionBy     hive partition levels, outermost first (may be empty)
 * @param timeColumn      the record-time column behind {@code date}/{@code hour} and retention
 *                        (a timestamp column, or the Kafka-timestamp column below)
 * @param ledgerColumn    the ledger column behind {@code ledger_range}
 * @param ledgerRangeSize ledgers per {@code ledger_range} folder
 * @param excludedColumns batch columns not written (too big for a lake, e.g. raw XDR)
 * @param headerColumns   columns added from numeric Kafka headers: column name to header name
 * @param kafkaTimestampColumn a column added from the Kafka record timestamp, or null
 * @param schema          the Quiver schema name the table takes (a batch of another goes to the
 *                        dead-letter topic), or null for whatever the topic carries
 */
public record TableSpec(String name, String topic, List<PartitionKey> partitionBy, String timeColumn, String ledgerColumn,
                        long ledgerRangeSize, Set<String> excludedColumns, Map<String, String> headerColumns,
                        String kafkaTimestampColumn, String schema) {

    /** A table that takes whatever schema its topic carries. */
    public TableSpec(String name, String topic, List<PartitionKey> partitionBy, String timeColumn, String ledgerColumn,
                     long ledgerRangeSize, Set<String> excludedColumns, Map<String, String> headerColumns,
                     String kafkaTimestampColumn) {
        this(name, topic, partitionBy, timeColumn, ledgerColumn, ledgerRangeSize, excludedColumns, headerColumns,
                kafkaTimestampColumn, null);
    }

    public TableSpec {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("table name '" + name + "' must be lower-case letters, digits and _");
        }
        partitionBy = List.copyOf(partitionBy);
        excludedColumns = Set.copyOf(excludedColumns);
        headerColumns = Map.copyOf(headerColumns);
        if (ledgerRangeSize <= 0) {
            throw new IllegalArgumentException("table " + name + ": ledger range size must be positive");
        }
    }

    public TableSpec withPartitionBy(List<PartitionKey> keys) {
        return new TableSpec(name, topic, keys, timeColumn, ledgerColumn, ledgerRangeSize, excludedColumns,
                headerColumns, kafkaTimestampColumn, schema);
    }

    public TableSpec withExcluded(Set<String> columns) {
        return new TableSpec(name, topic, partitionBy, timeColumn, ledgerColumn, ledgerRangeSize, columns,
                headerColumns, kafkaTimestampColumn, schema);
    }

    public TableSpec withTopic(String t) {
        return new TableSpec(name, t, partitionBy, timeColumn, ledgerColumn, ledgerRangeSize, excludedColumns,
                headerColumns, kafkaTimestampColumn, schema);
    }
}
