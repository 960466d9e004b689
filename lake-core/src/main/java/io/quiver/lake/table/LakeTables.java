package io.quiver.lake.table;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quiver.codec.RecordHeaders;
import io.quiver.kafka.Topics;
import io.quiver.schema.ContractEventSchema;
import io.quiver.schema.LedgerTableSchemas;
import io.quiver.schema.LloSchemas;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.schema.TokenTransferEventSchema;

/**
 * The tables Quiver's own topics become by default. Every table is partitioned by the date of its
 * record time: a day of mainnet token transfers is a few million rows, a good number of 128 MiB
 * files, and a date filter is what almost every lake query starts with.
 */
public final class LakeTables {

    public static final String TOKEN_TRANSFER_EVENTS = "token_transfer_events";
    public static final String CONTRACT_EVENTS = "contract_events";
    public static final String LEDGERS = "ledgers";
    public static final String LLO_AGGREGATES = "llo_aggregates";
    public static final String TRANSACTIONS = "transactions";
    public static final String OPERATIONS = "operations";
    public static final String CONTRACT_INVOCATIONS = "contract_invocations";

    private static final List<PartitionKey> BY_DATE = List.of(PartitionKey.parse("date"));

    private LakeTables() {
    }

    public static List<TableSpec> defaults() {
        return List.of(
                new TableSpec(TOKEN_TRANSFER_EVENTS, Topics.STELLAR_TTP_EVENTS, BY_DATE, "closed_at", "ledger_sequence",
                        10_000, Set.of(), Map.of(), null, TokenTransferEventSchema.SCHEMA.name()),
                new TableSpec(CONTRACT_EVENTS, Topics.STELLAR_CONTRACT_EVENTS, BY_DATE, "closed_at", "ledger_sequence",
                        10_000, Set.of(), Map.of(), null, ContractEventSchema.SCHEMA.name()),
                // the raw LedgerCloseMeta (often megabytes) stays in Kafka; the lake keeps the facts
                new TableSpec(LEDGERS, Topics.STELLAR_LEDGERS, BY_DATE, "closed_at", "sequence",
                        10_000, Set.of("ledger_close_meta"), Map.of(), null, StellarLedgerSchema.SCHEMA.name()),
                // the ledger tables; a transaction's meta and fee meta (most of its bytes) stay in Kafka unless asked for
                new TableSpec(TRANSACTIONS, Topics.STELLAR_TRANSACTIONS, BY_DATE, "closed_at", "ledger_sequence",
                        10_000, Set.of("tx_meta", "tx_fee_meta"), Map.of(), null, LedgerTableSchemas.TRANSACTION),
                new TableSpec(OPERATIONS, Topics.STELLAR_OPERATIONS, BY_DATE, "closed_at", "ledger_sequence",
                        10_000, Set.of(), Map.of(), null, LedgerTableSchemas.OPERATION),
                new TableSpec(CONTRACT_INVOCATIONS, Topics.STELLAR_CONTRACT_INVOCATIONS, BY_DATE, "closed_at", "ledger_sequence",
                        10_000, Set.of(), Map.of(), null, LedgerTableSchemas.CONTRACT_INVOCATION),
                // aggregates carry no time of their own: the round comes from its header, the time
                // from the record timestamp the llo pipeline set when it closed the round
                new TableSpec(LLO_AGGREGATES, Topics.LLO_AGGREGATES, BY_DATE, "recorded_at", "round",
                        10_000, Set.of(), Map.of("round", RecordHeaders.LLO_ROUND), "recorded_at", LloSchemas.STREAM_AGGREGATES.name()));
    }

    public static TableSpec byName(String name) {
        return defaults().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no default table '" + name + "'"));
    }
}
