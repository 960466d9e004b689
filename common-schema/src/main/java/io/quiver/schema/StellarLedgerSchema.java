package io.quiver.schema;

import static io.quiver.schema.Columns.BINARY;
import static io.quiver.schema.Columns.HASH32;
import static io.quiver.schema.Columns.INT64;
import static io.quiver.schema.Columns.TIMESTAMP_MICROS_UTC;
import static io.quiver.schema.Columns.UINT32;
import static io.quiver.schema.Columns.UINT8;
import static io.quiver.schema.Columns.UTF8;
import static io.quiver.schema.Columns.optional;
import static io.quiver.schema.Columns.required;

import java.util.List;

/**
 * {@code StellarLedger}: one row per closed ledger, with its raw meta so any processor can replay.
 * 1.1 added stellar-etl's {@code history_ledgers} header columns at the end, all nullable (a batch
 * written by 1.0 has none of them, and a 1.0 consumer ignores them).
 */
public final class StellarLedgerSchema {

    public static final String NAME = "StellarLedger";
    public static final SchemaVersion VERSION = new SchemaVersion(1, 1, 0);

    public static final String SEQUENCE = "sequence";
    public static final String LEDGER_HASH = "ledger_hash";
    public static final String PREVIOUS_LEDGER_HASH = "previous_ledger_hash";
    public static final String CLOSED_AT = "closed_at";
    public static final String PROTOCOL_VERSION = "protocol_version";
    public static final String LCM_VERSION = "lcm_version";
    public static final String TX_COUNT = "tx_count";
    public static final String SUCCESSFUL_TX_COUNT = "successful_tx_count";
    public static final String FAILED_TX_COUNT = "failed_tx_count";
    public static final String OPERATION_COUNT = "operation_count";
    public static final String BASE_FEE = "base_fee";
    public static final String BASE_RESERVE = "base_reserve";
    public static final String NETWORK_ID = "network_id";
    public static final String SOURCE = "source";
    public static final String LEDGER_CLOSE_META = "ledger_close_meta";
    // 1.1
    public static final String ID = "id";
    public static final String TOTAL_COINS = "total_coins";
    public static final String FEE_POOL = "fee_pool";
    public static final String MAX_TX_SET_SIZE = "max_tx_set_size";
    public static final String SOROBAN_FEE_WRITE_1KB = "soroban_fee_write_1kb";
    public static final String TOTAL_BYTE_SIZE_OF_LIVE_SOROBAN_STATE = "total_byte_size_of_live_soroban_state";
    public static final String NODE_ID = "node_id";
    public static final String SIGNATURE = "signature";
    public static final String LEDGER_HEADER = "ledger_header";

    public static final QuiverSchema SCHEMA = new QuiverSchema(NAME, VERSION,
            "One row per closed Stellar ledger: header facts and the raw LedgerCloseMeta XDR.",
            List.of(
                    required(SEQUENCE, UINT32, "Ledger sequence number."),
                    required(LEDGER_HASH, HASH32, "SHA-256 hash of the ledger header (32 bytes)."),
                    required(PREVIOUS_LEDGER_HASH, HASH32, "Hash of the previous ledger's header (32 bytes)."),
                    required(CLOSED_AT, TIMESTAMP_MICROS_UTC, "Ledger close time, UTC."),
                    required(PROTOCOL_VERSION, UINT32, "Protocol version in the ledger header."),
                    required(LCM_VERSION, UINT8, "LedgerCloseMeta union arm: 0, 1 or 2."),
                    required(TX_COUNT, UINT32, "Transactions in the ledger's transaction set."),
                    required(SUCCESSFUL_TX_COUNT, UINT32,
                            "Transactions whose result is success (or fee-bump inner success)."),
                    required(FAILED_TX_COUNT, UINT32, "Transactions whose result is not success."),
                    required(OPERATION_COUNT, UINT32, "Operations in all transactions of the set."),
                    required(BASE_FEE, UINT32, "Base fee in stroops from the ledger header."),
                    required(BASE_RESERVE, UINT32, "Base reserve in stroops from the ledger header."),
                    required(NETWORK_ID, HASH32, "SHA-256 of the network passphrase (32 bytes)."),
                    required(SOURCE, UTF8, "Where the ledger was read: datalake, rpc or file."),
                    required(LEDGER_CLOSE_META, BINARY, "The ledger's LedgerCloseMeta, XDR-encoded, byte for byte."),
                    optional(ID, INT64, "stellar-etl's ledger id: the TOID of the ledger, sequence << 32 (since 1.1)."),
                    optional(TOTAL_COINS, INT64, "Lumens in existence, in stroops (LedgerHeader.totalCoins; since 1.1)."),
                    optional(FEE_POOL, INT64, "Fees collected and not yet distributed, in stroops (LedgerHeader.feePool; since 1.1)."),
                    optional(MAX_TX_SET_SIZE, UINT32, "Maximum operations (transactions before protocol 11) in a transaction set (since 1.1)."),
                    optional(SOROBAN_FEE_WRITE_1KB, INT64,
                            "Soroban write fee per 1 KB of the ledger (LedgerCloseMetaExtV1); null before it exists (since 1.1)."),
                    optional(TOTAL_BYTE_SIZE_OF_LIVE_SOROBAN_STATE, INT64,
                            "Bytes of live Soroban state (LedgerCloseMeta v1/v2); null for v0 (since 1.1)."),
                    optional(NODE_ID, UTF8, "G... strkey of the validator that signed the close value; null when unsigned (since 1.1)."),
                    optional(SIGNATURE, BINARY, "That validator's signature of the close value; null when unsigned (since 1.1)."),
                    optional(LEDGER_HEADER, BINARY, "The LedgerHeader, XDR-encoded (stellar-etl writes it as base64; since 1.1).")));

    private StellarLedgerSchema() {
    }
}
