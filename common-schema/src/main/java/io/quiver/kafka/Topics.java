package io.quiver.kafka;

/**
 * Topic names. Each carries the major version of the schema on it, so a breaking schema change
 * gets a new topic and old consumers keep reading the old one. See the README for keys,
 * partitioning and retention.
 */
public final class Topics {

    /** {@code StellarLedger} batches; key = first ledger sequence of the batch (decimal text). */
    public static final String STELLAR_LEDGERS = "stellar.ledgers.v1";
    /** {@code TokenTransferEvent} batches; key = first ledger sequence of the batch. */
    public static final String STELLAR_TTP_EVENTS = "stellar.ttp.events.v1";
    /** {@code TokenTransferEvent} as one protobuf per record (row mode, for legacy consumers). */
    public static final String STELLAR_TTP_EVENTS_PROTO = "stellar.ttp.events.proto.v1";
    /** {@code ContractEvent} batches; key = first ledger sequence of the batch. */
    public static final String STELLAR_CONTRACT_EVENTS = "stellar.contract.events.v1";
    /** {@code Transaction} batches (one row per transaction); key = first ledger sequence of the batch. */
    public static final String STELLAR_TRANSACTIONS = "stellar.transactions.v1";
    /** {@code Operation} batches (one row per operation); key = first ledger sequence of the batch. */
    public static final String STELLAR_OPERATIONS = "stellar.operations.v1";
    /** {@code ContractInvocation} batches (one row per invoke_host_function); key = first ledger sequence. */
    public static final String STELLAR_CONTRACT_INVOCATIONS = "stellar.contract.invocations.v1";
    /** {@code Observation} records, one per node per round; key = channel group / round. */
    public static final String LLO_OBSERVATIONS = "llo.observations.v1";
    /** {@code StreamAggregates} records, one per round. */
    public static final String LLO_AGGREGATES = "llo.aggregates.v1";
    /** {@code Transmission} records (reports). */
    public static final String LLO_REPORTS = "llo.reports.v1";

    /**
     * Ingest checkpoints (compacted, one partition): key = ingest instance id, value = JSON
     * {@code {"instance","source","nextLedger","lastLedger"}}, written in the same Kafka transaction
     * as the ledger batches it covers.
     */
    public static final String INGEST_CHECKPOINTS = "quiver.ingest.checkpoints";

    /** Suffix of every dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}: {@code <topic>.dlq}. */
    public static String deadLetterOf(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
