package io.quiver.schema;

import static io.quiver.schema.Columns.BINARY;
import static io.quiver.schema.Columns.BOOL;
import static io.quiver.schema.Columns.HASH32;
import static io.quiver.schema.Columns.TIMESTAMP_MICROS_UTC;
import static io.quiver.schema.Columns.UINT32;
import static io.quiver.schema.Columns.UTF8;
import static io.quiver.schema.Columns.list;
import static io.quiver.schema.Columns.optional;
import static io.quiver.schema.Columns.required;

import java.util.List;

/** {@code ContractEvent}: every contract event of a ledger, for consumers beyond token transfers. */
public final class ContractEventSchema {

    public static final String NAME = "ContractEvent";
    public static final SchemaVersion VERSION = new SchemaVersion(1, 0, 0);

    public static final String EVENT_ID = "event_id";
    public static final String LEDGER_SEQUENCE = "ledger_sequence";
    public static final String CLOSED_AT = "closed_at";
    public static final String TX_HASH = "tx_hash";
    public static final String TRANSACTION_INDEX = "transaction_index";
    public static final String OPERATION_INDEX = "operation_index";
    public static final String EVENT_INDEX = "event_index";
    public static final String CONTRACT_ID = "contract_id";
    public static final String TYPE = "type";
    public static final String TOPICS = "topics";
    public static final String DATA = "data";
    public static final String TX_SUCCESSFUL = "tx_successful";

    public static final QuiverSchema SCHEMA = new QuiverSchema(NAME, VERSION,
            "Every contract event of a ledger (system, contract and diagnostic), with topics and data as XDR ScVal.",
            List.of(
                    required(EVENT_ID, UTF8, "Stable dedup key: '<ledger>-<transaction_index>-<operation_index or 0>-<event_index>'."),
                    required(LEDGER_SEQUENCE, UINT32, "Ledger sequence."),
                    required(CLOSED_AT, TIMESTAMP_MICROS_UTC, "Ledger close time, UTC."),
                    required(TX_HASH, HASH32, "Hash of the transaction that emitted the event (32 bytes)."),
                    required(TRANSACTION_INDEX, UINT32, "1-based index of the transaction in apply order."),
                    optional(OPERATION_INDEX, UINT32, "1-based operation index; null for transaction-level events."),
                    required(EVENT_INDEX, UINT32, "0-based position of the event within its transaction."),
                    optional(CONTRACT_ID, UTF8, "C... strkey of the emitting contract; null when the event has none."),
                    required(TYPE, UTF8, "system or contract (the ContractEventType); diagnostic for every event of the diagnostic list."),
                    list(TOPICS, BINARY, "Topics, each an XDR-encoded ScVal."),
                    required(DATA, BINARY, "Event data, an XDR-encoded ScVal."),
                    required(TX_SUCCESSFUL, BOOL, "Whether the emitting transaction succeeded.")));

    private ContractEventSchema() {
    }
}
