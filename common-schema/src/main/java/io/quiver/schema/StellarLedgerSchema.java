package io.quiver.schema;

import static io.quiver.schema.Columns.BINARY;
import static io.quiver.schema.Columns.HASH32;
import static io.quiver.schema.Columns.TIMESTAMP_MICROS_UTC;
import static io.quiver.schema.Columns.UINT32;
import static io.quiver.schema.Columns.UINT8;
import static io.quiver.schema.Columns.UTF8;
import static io.quiver.schema.Columns.required;

import java.util.List;

/** {@code StellarLedger}: one row per closed ledger, with its raw meta so any processor can replay. */
public final class StellarLedgerSchema {

    public static final String NAME = "StellarLedger";
    public static final SchemaVersion VERSION = new SchemaVersion(1, 0, 0);

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
                    required(LEDGER_CLOSE_META, BINARY, "The ledger's LedgerCloseMeta, XDR-encoded, byte for byte.")));

    private StellarLedgerSchema() {
    }
}
