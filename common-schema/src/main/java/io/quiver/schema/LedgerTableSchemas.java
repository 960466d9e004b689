package io.quiver.schema;

import static io.quiver.schema.Columns.BINARY;
import static io.quiver.schema.Columns.BOOL;
import static io.quiver.schema.Columns.DECIMAL_38_7;
import static io.quiver.schema.Columns.HASH32;
import static io.quiver.schema.Columns.INT32;
import static io.quiver.schema.Columns.INT64;
import static io.quiver.schema.Columns.TIMESTAMP_MICROS_UTC;
import static io.quiver.schema.Columns.UINT32;
import static io.quiver.schema.Columns.UTF8;
import static io.quiver.schema.Columns.list;
import static io.quiver.schema.Columns.optional;
import static io.quiver.schema.Columns.required;

import java.util.List;

/**
 * The ledger tables, with stellar-etl's column names and meanings wherever stellar-etl has the
 * column ({@code history_transactions}, {@code history_operations}), so analysts' queries carry
 * over. Where Quiver differs (hashes as 32 bytes, amounts exact, raw XDR as bytes, result codes as
 * XDR names) the column's description says so, as does the README. Ids are TOIDs: ledger << 32 |
 * transaction application index (1-based) << 12 | operation index (1-based, 0 for a transaction).
 */
public final class LedgerTableSchemas {

    public static final String TRANSACTION = "Transaction";
    public static final String OPERATION = "Operation";
    public static final String CONTRACT_INVOCATION = "ContractInvocation";

    private static final String HASH_NOTE = " (32 bytes; stellar-etl writes hex: lower(hex(x)) in DuckDB)";
    private static final String XDR_NOTE = " XDR bytes (stellar-etl writes base64); null when the processor leaves raw XDR out";

    public static final QuiverSchema TRANSACTION_SCHEMA = new QuiverSchema(TRANSACTION, new SchemaVersion(1, 0, 0),
            "One row per transaction of a ledger, failed ones included, in application order (stellar-etl history_transactions).",
            List.of(
                    required("id", INT64, "TOID of the transaction: ledger << 32 | application index << 12."),
                    required("transaction_hash", HASH32, "Hash of the transaction (the fee bump's for a fee bump)" + HASH_NOTE + "."),
                    required("ledger_sequence", UINT32, "Ledger sequence."),
                    required("transaction_index", UINT32, "1-based application order in the ledger (as TokenTransferEvent's)."),
                    required("closed_at", TIMESTAMP_MICROS_UTC, "Ledger close time, UTC."),
                    required("account", UTF8, "G... source account of the (inner) transaction."),
                    optional("account_muxed", UTF8, "M... source account when the source is muxed, else null."),
                    required("account_sequence", INT64, "Sequence number of the (inner) transaction."),
                    required("max_fee", INT64, "Fee bid of the (inner) transaction, stroops."),
                    required("fee_charged", INT64, "Fee charged, stroops (after Soroban refunds)."),
                    required("operation_count", UINT32, "Operations in the transaction."),
                    required("memo_type", UTF8, "MemoTypeMemoNone, MemoTypeMemoText, MemoTypeMemoId, MemoTypeMemoHash or MemoTypeMemoReturn."),
                    optional("memo", UTF8, "Memo: the text, the id in decimal, or hash / return hash in hex (stellar-etl: base64); null for none."),
                    optional("time_bounds", UTF8, "Time bounds as '[min,max)' in Unix seconds (stellar-etl's form); null when absent."),
                    optional("ledger_bounds", UTF8, "Ledger bounds as '[min,max)'; null when absent."),
                    optional("min_account_sequence", INT64, "Minimum source sequence precondition; null when absent."),
                    optional("min_account_sequence_age", INT64, "Minimum source sequence age precondition, seconds; null when absent."),
                    optional("min_account_sequence_ledger_gap", UINT32, "Minimum source sequence ledger gap precondition; null when absent."),
                    list("extra_signers", UTF8, "Extra signer preconditions as strkeys (G, T, X or P)."),
                    required("successful", BOOL, "Whether the transaction (the inner one of a fee bump) succeeded."),
                    required("transaction_result_code", UTF8,
                            "Result code as its XDR name: txSUCCESS, txFAILED, txFEE_BUMP_INNER_SUCCESS, ... (stellar-etl: Go enum names)."),
                    optional("fee_account", UTF8, "G... account paying a fee bump; null when not a fee bump."),
                    optional("fee_account_muxed", UTF8, "M... fee-bump payer when muxed, else null."),
                    optional("inner_transaction_hash", HASH32, "Hash of the inner transaction of a fee bump" + HASH_NOTE + "; null otherwise."),
                    optional("new_max_fee", INT64, "Fee bid of a fee bump, stroops; null when not a fee bump."),
                    optional("resource_fee", INT64, "Declared Soroban resource fee, stroops; null for classic transactions."),
                    optional("soroban_resources_instructions", UINT32, "Declared Soroban CPU instructions; null for classic."),
                    optional("soroban_resources_read_bytes", UINT32, "Declared Soroban disk read bytes; null for classic."),
                    optional("soroban_resources_write_bytes", UINT32, "Declared Soroban write bytes; null for classic."),
                    optional("inclusion_fee_bid", INT64, "Soroban: the fee bid minus the resource fee, stroops; null for classic."),
                    optional("inclusion_fee_charged", INT64, "Soroban: fee charged minus resource fees charged, stroops; null for classic or when the meta has no fee breakdown."),
                    optional("non_refundable_resource_fee_charged", INT64, "Soroban non-refundable resource fee charged, stroops; null when the meta has none."),
                    optional("refundable_resource_fee_charged", INT64, "Soroban refundable resource fee charged (rent included), stroops; null when the meta has none."),
                    optional("rent_fee_charged", INT64, "Soroban rent fee charged, stroops; null when the meta has none."),
                    optional("resource_fee_refund", INT64, "Soroban: declared resource fee minus resource fees charged, stroops; null when not known."),
                    optional("tx_envelope", BINARY, "TransactionEnvelope" + XDR_NOTE + "."),
                    optional("tx_result", BINARY, "TransactionResultPair" + XDR_NOTE + "."),
                    optional("tx_meta", BINARY, "TransactionMeta" + XDR_NOTE + "."),
                    optional("tx_fee_meta", BINARY, "Fee processing LedgerEntryChanges" + XDR_NOTE + ".")));

    public static final QuiverSchema OPERATION_SCHEMA = new QuiverSchema(OPERATION, new SchemaVersion(1, 0, 0),
            "One row per operation of every transaction, failed ones included, in ledger order (stellar-etl history_operations).",
            List.of(
                    required("id", INT64, "TOID of the operation: transaction id | operation index (1-based)."),
                    required("transaction_id", INT64, "TOID of its transaction."),
                    required("transaction_hash", HASH32, "Hash of its transaction" + HASH_NOTE + "."),
                    required("ledger_sequence", UINT32, "Ledger sequence."),
                    required("transaction_index", UINT32, "1-based application order of its transaction."),
                    required("operation_index", UINT32, "1-based position in its transaction."),
                    required("closed_at", TIMESTAMP_MICROS_UTC, "Ledger close time, UTC."),
                    required("type", INT32, "OperationType as its XDR number (0 create_account ... 26 restore_footprint)."),
                    required("type_string", UTF8, "OperationType as the lower-case XDR name: payment, path_payment_strict_receive, ..."),
                    required("source_account", UTF8, "G... source: the operation's own, else its transaction's."),
                    optional("source_account_muxed", UTF8, "M... source when muxed, else null."),
                    required("transaction_successful", BOOL, "Whether its transaction succeeded."),
                    optional("operation_result_code", UTF8, "OperationResultCode as its XDR name (opINNER, opBAD_AUTH, ...); null when the transaction did not run its operations."),
                    optional("operation_trace_code", UTF8, "The operation's own result code as its XDR name (PAYMENT_SUCCESS, ...); null without opINNER."),
                    optional("amount", DECIMAL_38_7, "details.amount (or starting_balance) in units of the asset, exact (stellar-etl: float)."),
                    optional("asset", UTF8, "details' asset: native or CODE:ISSUER."),
                    optional("asset_type", UTF8, "native, credit_alphanum4, credit_alphanum12 or liquidity_pool_shares."),
                    optional("asset_code", UTF8, "Asset code, for credit assets."),
                    optional("asset_issuer", UTF8, "Issuer G..., for credit assets."),
                    optional("source_amount", DECIMAL_38_7, "Path payments: amount sent (strict send) or send max (strict receive), exact."),
                    optional("source_asset", UTF8, "Path payments: the asset sent, native or CODE:ISSUER."),
                    optional("from", UTF8, "details.from (payments) / funder (create_account) / account (merge): G... address."),
                    optional("to", UTF8, "details.to (payments) / account (create_account) / into (merge): G... address."),
                    optional("offer_id", INT64, "Offer operations: the offer id."),
                    optional("liquidity_pool_id", UTF8, "Liquidity pool operations: the pool id in hex."),
                    optional("balance_id", UTF8, "Claimable balance operations: the balance id (B... strkey)."),
                    optional("contract_id", UTF8, "invoke_host_function: the invoked contract (C...), when invoking one."),
                    optional("function_name", UTF8, "invoke_host_function: the invoked function, when invoking a contract."),
                    required("details", UTF8, "Every detail as one JSON object with stellar-etl's keys; amounts as exact decimal numbers.")));

    public static final QuiverSchema CONTRACT_INVOCATION_SCHEMA = new QuiverSchema(CONTRACT_INVOCATION, new SchemaVersion(1, 0, 0),
            "One row per invoke_host_function operation, failed ones included.",
            List.of(
                    required("operation_id", INT64, "TOID of the operation."),
                    required("transaction_id", INT64, "TOID of its transaction."),
                    required("transaction_hash", HASH32, "Hash of its transaction (32 bytes)."),
                    required("ledger_sequence", UINT32, "Ledger sequence."),
                    required("transaction_index", UINT32, "1-based application order of its transaction."),
                    required("operation_index", UINT32, "1-based position in its transaction."),
                    required("closed_at", TIMESTAMP_MICROS_UTC, "Ledger close time, UTC."),
                    required("source_account", UTF8, "G... source of the operation (else its transaction's)."),
                    required("host_function_type", UTF8, "invoke_contract, create_contract, upload_contract_wasm or create_contract_v2."),
                    optional("contract_id", UTF8, "C... contract invoked, or created (derived from the preimage and network); null for uploads."),
                    optional("function_name", UTF8, "Function invoked; null unless invoke_contract."),
                    optional("argument_count", UINT32, "Arguments passed (constructor arguments for create_contract_v2); null otherwise."),
                    list("arguments", BINARY, "The arguments, each an XDR ScVal."),
                    optional("arguments_json", UTF8, "The arguments as a JSON array of XDR JSON (Quiver's XdrJson form); null when none can be passed."),
                    optional("wasm_hash", HASH32, "upload_contract_wasm: SHA-256 of the code; create: the executable's Wasm hash; else null."),
                    list("auth", BINARY, "Authorization entries, each an XDR SorobanAuthorizationEntry."),
                    optional("instructions", UINT32, "Declared CPU instructions of the transaction."),
                    optional("disk_read_bytes", UINT32, "Declared disk read bytes."),
                    optional("write_bytes", UINT32, "Declared write bytes."),
                    optional("read_only_footprint", UINT32, "Ledger keys in the read-only footprint."),
                    optional("read_write_footprint", UINT32, "Ledger keys in the read-write footprint."),
                    optional("resource_fee", INT64, "Declared resource fee, stroops."),
                    required("fee_charged", INT64, "Fee charged for the transaction, stroops."),
                    optional("non_refundable_resource_fee_charged", INT64, "Non-refundable resource fee charged, stroops; null when the meta has none."),
                    optional("refundable_resource_fee_charged", INT64, "Refundable resource fee charged, stroops; null when the meta has none."),
                    optional("rent_fee_charged", INT64, "Rent fee charged, stroops; null when the meta has none."),
                    optional("return_value", BINARY, "The return value, an XDR ScVal; null when failed or not recorded."),
                    optional("return_value_json", UTF8, "The return value as XDR JSON; null with it."),
                    required("successful", BOOL, "Whether its transaction succeeded.")));

    private LedgerTableSchemas() {
    }
}
