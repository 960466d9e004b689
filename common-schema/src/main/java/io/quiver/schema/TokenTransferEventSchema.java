package io.quiver.schema;

import static io.quiver.schema.Columns.BINARY;
import static io.quiver.schema.Columns.DECIMAL_38_0;
import static io.quiver.schema.Columns.HASH32;
import static io.quiver.schema.Columns.TIMESTAMP_MICROS_UTC;
import static io.quiver.schema.Columns.UINT32;
import static io.quiver.schema.Columns.UINT64;
import static io.quiver.schema.Columns.UTF8;
import static io.quiver.schema.Columns.optional;
import static io.quiver.schema.Columns.required;

import java.util.List;

/**
 * {@code TokenTransferEvent}: stellar/go's {@code token_transfer.TokenTransferEvent}, flattened into
 * columns, one row per event.
 *
 * <p>Amounts: {@link #AMOUNT} is the exact decimal string of raw units, as in the protobuf, valid for
 * the whole signed 128-bit range. {@link #AMOUNT_DECIMAL} is the same value as {@code decimal(38,0)},
 * the widest exact decimal that Parquet readers such as DuckDB sum natively; it is null only for the
 * i128 values beyond 38 digits (|x| >= 10^38), which no real token has reached. Never int64: contract
 * balances beyond int64 exist on mainnet.
 */
public final class TokenTransferEventSchema {

    public static final String NAME = "TokenTransferEvent";
    public static final SchemaVersion VERSION = new SchemaVersion(1, 0, 0);

    public static final String EVENT_ID = "event_id";
    public static final String LEDGER_SEQUENCE = "ledger_sequence";
    public static final String CLOSED_AT = "closed_at";
    public static final String TX_HASH = "tx_hash";
    public static final String TRANSACTION_INDEX = "transaction_index";
    public static final String OPERATION_INDEX = "operation_index";
    public static final String EVENT_INDEX = "event_index";
    public static final String EVENT_TYPE = "event_type";
    public static final String CONTRACT_ADDRESS = "contract_address";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String ASSET_TYPE = "asset_type";
    public static final String ASSET_CODE = "asset_code";
    public static final String ASSET_ISSUER = "asset_issuer";
    public static final String AMOUNT = "amount";
    public static final String AMOUNT_DECIMAL = "amount_decimal";
    public static final String TO_MUXED_TYPE = "to_muxed_type";
    public static final String TO_MUXED_TEXT = "to_muxed_text";
    public static final String TO_MUXED_ID = "to_muxed_id";
    public static final String TO_MUXED_HASH = "to_muxed_hash";

    /** Values of {@link #EVENT_TYPE}. */
    public static final List<String> EVENT_TYPES = List.of("transfer", "mint", "burn", "clawback", "fee");

    public static final QuiverSchema SCHEMA = new QuiverSchema(NAME, VERSION,
            "Token transfer events (transfer, mint, burn, clawback, fee) as stellar/go processors/token_transfer emits them.",
            List.of(
                    required(EVENT_ID, UTF8, "Stable dedup key: '<ledger>-<transaction_index>-<operation_index or 0>-<event_index>'."),
                    required(LEDGER_SEQUENCE, UINT32, "Ledger sequence (EventMeta.ledger_sequence)."),
                    required(CLOSED_AT, TIMESTAMP_MICROS_UTC, "Ledger close time, UTC (EventMeta.closed_at)."),
                    required(TX_HASH, HASH32, "Transaction hash, 32 bytes (EventMeta.tx_hash, hex in protobuf)."),
                    required(TRANSACTION_INDEX, UINT32, "1-based index of the transaction in apply order."),
                    optional(OPERATION_INDEX, UINT32, "1-based operation index; null for fee events."),
                    required(EVENT_INDEX, UINT32, "0-based position of the event in the ledger's ordered event list."),
                    required(EVENT_TYPE, UTF8, "One of transfer, mint, burn, clawback, fee."),
                    required(CONTRACT_ADDRESS, UTF8, "C... strkey: the asset's Stellar Asset Contract, or the emitting contract."),
                    optional(FROM, UTF8, "Sender strkey (G, C, B or L); null for mint."),
                    optional(TO, UTF8, "Receiver strkey (G, C, B or L); null for burn, clawback and fee."),
                    optional(ASSET_TYPE, UTF8, "native or issued; null for a custom (non-SAC) token."),
                    optional(ASSET_CODE, UTF8, "Asset code without trailing NULs, for issued assets."),
                    optional(ASSET_ISSUER, UTF8, "Issuer G... strkey, for issued assets."),
                    required(AMOUNT, UTF8, "Exact amount in raw units as a decimal string (full i128 range; fee refunds are negative)."),
                    optional(AMOUNT_DECIMAL, DECIMAL_38_0, "The amount as decimal(38,0) for SQL sums; null only if |amount| >= 10^38."),
                    optional(TO_MUXED_TYPE, UTF8, "Muxed info of the receiver: text, id or hash; null when absent."),
                    optional(TO_MUXED_TEXT, UTF8, "Memo text, when to_muxed_type = text."),
                    optional(TO_MUXED_ID, UINT64, "Muxed id or memo id, when to_muxed_type = id."),
                    optional(TO_MUXED_HASH, BINARY, "32-byte memo hash, when to_muxed_type = hash.")));

    private TokenTransferEventSchema() {
    }
}
