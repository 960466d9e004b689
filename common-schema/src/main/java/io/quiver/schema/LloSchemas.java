package io.quiver.schema;

import static io.quiver.schema.Columns.BINARY;
import static io.quiver.schema.Columns.HASH32;
import static io.quiver.schema.Columns.INT64;
import static io.quiver.schema.Columns.LARGE_BINARY;
import static io.quiver.schema.Columns.TIMESTAMP_NANOS_UTC;
import static io.quiver.schema.Columns.UINT32;
import static io.quiver.schema.Columns.UINT64;
import static io.quiver.schema.Columns.UINT8;
import static io.quiver.schema.Columns.UTF8;
import static io.quiver.schema.Columns.list;
import static io.quiver.schema.Columns.optional;
import static io.quiver.schema.Columns.required;

import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.vector.types.pojo.Field;

/**
 * The four schemas of LLO (Chainlink Data Streams) observation aggregation, with the columns of the
 * Arrow design note. Decimals are binary: shopspring/decimal's {@code MarshalBinary} form (a
 * big-endian int32 exponent, then a sign byte 0x02/0x03 and the big-endian magnitude), so values
 * stay exact and byte-identical to what the Go nodes exchange.
 */
public final class LloSchemas {

    /** {@code value_type} codes. */
    public static final int VALUE_DECIMAL = 0;
    public static final int VALUE_QUOTE = 1;
    public static final int VALUE_TIMESTAMPED = 2;

    public static final String OBSERVER_ID = "observer_id";
    public static final String STREAM_ID = "stream_id";
    public static final String VALUE_TYPE = "value_type";
    public static final String DECIMAL_VALUE = "decimal_value";
    public static final String QUOTE_BID = "quote_bid";
    public static final String QUOTE_BENCHMARK = "quote_benchmark";
    public static final String QUOTE_ASK = "quote_ask";
    public static final String OBSERVED_AT_NS = "observed_at_ns";
    public static final String TIMESTAMP_NS = "timestamp_ns";
    public static final String AGGREGATOR = "aggregator";
    public static final String EXPIRES_AT_NS = "expires_at_ns";

    private static final String TYPE_DOC = "Value type: 0 decimal, 1 quote, 2 timestamped decimal.";
    private static final String DECIMAL_DOC = "Decimal in shopspring MarshalBinary form; null unless value_type is 0 or 2.";
    private static final String BID_DOC = "Quote bid, shopspring binary decimal; null unless value_type is 1.";
    private static final String BENCH_DOC = "Quote benchmark, shopspring binary decimal; null unless value_type is 1.";
    private static final String ASK_DOC = "Quote ask, shopspring binary decimal; null unless value_type is 1.";

    public static final QuiverSchema OBSERVATION = new QuiverSchema("Observation", new SchemaVersion(1, 0, 0),
            "One round's observations from all nodes, merged: one row per (observer, stream) value.",
            concat(List.of(
                    required(OBSERVER_ID, UINT8, "Node that produced the observation (0-30)."),
                    required(STREAM_ID, UINT32, "Stream identifier.")),
                    valueColumns("Provider timestamp in nanoseconds, for value_type 2."),
                    List.of(required(TIMESTAMP_NS, UINT64, "The node's observation timestamp in Unix nanoseconds."))));

    public static final QuiverSchema STREAM_AGGREGATES = new QuiverSchema("StreamAggregates", new SchemaVersion(1, 0, 0),
            "A round's outcome: one row per (stream, aggregator), sorted by stream id then aggregator code.",
            concat(List.of(
                    required(STREAM_ID, UINT32, "Stream identifier."),
                    required(AGGREGATOR, UINT32, "Aggregator code: 1 median, 2 mode, 3 quote.")),
                    valueColumns("Aggregated provider timestamp, for value_type 2."),
                    List.of()));

    public static final QuiverSchema CACHE = new QuiverSchema("Cache", new SchemaVersion(1, 0, 0),
            "Last known value per stream with a time-to-live.",
            concat(List.of(required(STREAM_ID, UINT32, "Stream identifier.")),
                    valueColumns("Provider timestamp in nanoseconds, for value_type 2."),
                    List.of(required(EXPIRES_AT_NS, INT64, "Unix nanoseconds after which the entry is stale."))));

    public static final QuiverSchema TRANSMISSION = new QuiverSchema("Transmission", new SchemaVersion(1, 0, 0),
            "Reports ready to transmit, batched.",
            List.of(
                    required("server_url", UTF8, "Destination server."),
                    required("config_digest", HASH32, "OCR configuration digest (32 bytes)."),
                    required("seq_nr", UINT64, "OCR sequence number of the round."),
                    required("report_data", LARGE_BINARY, "The encoded report."),
                    required("lifecycle_stage", UTF8, "Channel lifecycle stage, for example production."),
                    required("report_format", UINT32, "Report format code: 1 evm_premium_legacy, 2 json, ..."),
                    list("signatures", BINARY, "Signatures over the report."),
                    list("signers", UINT8, "Indices of the signing oracles."),
                    required("transmission_hash", HASH32, "Hash identifying the transmission (32 bytes)."),
                    required("created_at_ns", TIMESTAMP_NANOS_UTC, "When the transmission was created, UTC.")));

    private LloSchemas() {
    }

    /** The value cells every LLO schema shares, in this order. */
    private static List<Field> valueColumns(String observedAtDoc) {
        return List.of(
                required(VALUE_TYPE, UINT8, TYPE_DOC),
                optional(DECIMAL_VALUE, BINARY, DECIMAL_DOC),
                optional(QUOTE_BID, BINARY, BID_DOC),
                optional(QUOTE_BENCHMARK, BINARY, BENCH_DOC),
                optional(QUOTE_ASK, BINARY, ASK_DOC),
                optional(OBSERVED_AT_NS, UINT64, observedAtDoc));
    }

    private static List<Field> concat(List<Field> head, List<Field> values, List<Field> tail) {
        List<Field> all = new ArrayList<>(head);
        all.addAll(values);
        all.addAll(tail);
        return all;
    }
}
