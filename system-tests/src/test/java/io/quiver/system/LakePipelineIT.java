package io.quiver.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.lake.testing.LakeDuck;
import io.quiver.schema.ContractEventSchema;
import io.quiver.schema.LedgerTableSchemas;
import io.quiver.schema.LloSchemas;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.schema.TokenTransferEventSchema;
import io.quiver.service.testing.PackagedService;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.Environment;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ledgers (stellar-core's SAC load test, protocol 24, ledgers 62 and 63) through the packaged ingest, ttp, llo
 * and sink services into the lake, read with DuckDB: token transfer events, contract events,
 * ledgers and LLO aggregates, each table holding exactly the rows of its topic (counts, every id
 * once, per-asset sums of amount_decimal), in date folders, zstd, without the raw ledger XDR.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class LakePipelineIT {

    @TempDir
    static Path dir;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void broker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** What a topic holds: rows, distinct ids, and per-asset sums (token transfers only). */
    private record Expected(long rows, Set<String> ids, Map<String, BigDecimal> sums) {
    }

    private static Expected read(String topic, io.quiver.schema.QuiverSchema schema, String idColumn, BufferAllocator allocator)
            throws Exception {
        long rows = 0;
        Set<String> ids = new HashSet<>();
        Map<String, BigDecimal> sums = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(broker.bootstrapServers(), topic, Duration.ofSeconds(3))) {
            try (DecodedBatch b = ArrowKafkaCodec.defaults().decode(r.value(), r.headers(), schema, allocator)) {
                for (VectorSchemaRoot root : b.batches()) {
                    rows += root.getRowCount();
                    for (int i = 0; i < root.getRowCount(); i++) {
                        if (idColumn != null) {
                            ids.add(root.getVector(idColumn).getObject(i).toString());
                        }
                        if (schema == TokenTransferEventSchema.SCHEMA) {
                            VarCharVector code = (VarCharVector) root.getVector("asset_code");
                            DecimalVector amount = (DecimalVector) root.getVector("amount_decimal");
                            sums.merge(code.isNull(i) ? "null" : code.getObject(i).toString(), amount.getObject(i), BigDecimal::add);
                        }
                    }
                }
            }
        }
        return new Expected(rows, ids, sums);
    }

    @Test
    void everyTableOfTheLakeHoldsExactlyTheRowsOfItsTopic(BufferAllocator allocator) throws Exception {
        Path ledgerFile = Environment.sharedStellar().resolve("synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd");
        Pipelines p = new Pipelines();
        Map<String, String> kafka = Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
        Path lake = dir.resolve("lake");
        Map<String, String> sink = new java.util.HashMap<>(kafka);
        sink.put("quiver.topics.ensure", String.join(",", p.events, p.contract, p.ledgers, p.aggregates, p.transactions, p.operations,
                p.invocations));
        sink.put("quiver.sink.lake", lake.toString());
        sink.put("quiver.sink.flight.port", "0");
        sink.put("quiver.sink.live.port", "0");
        sink.put("quiver.sink.group-id", "sys-lake-" + p.events);
        sink.put("quiver.sink.max-file-age", "1s");
        sink.put("quiver.sink.table.token_transfer_events.topic", p.events);
        sink.put("quiver.sink.table.contract_events.topic", p.contract);
        sink.put("quiver.sink.table.ledgers.topic", p.ledgers);
        sink.put("quiver.sink.table.llo_aggregates.topic", p.aggregates);
        sink.put("quiver.sink.table.transactions.topic", p.transactions);
        sink.put("quiver.sink.table.operations.topic", p.operations);
        sink.put("quiver.sink.table.contract_invocations.topic", p.invocations);
        List<PackagedService> services = new ArrayList<>();
        try {
            services.add(PackagedService.start("sink-service", "lake-sink", sink));
            Map<String, String> ttpSettings = new java.util.HashMap<>(p.ttp(kafka));
            ttpSettings.put("quiver.ttp.network-passphrases", "load test network");
            services.add(PackagedService.start("ttp-service", "lake-ttp", ttpSettings));
            services.add(PackagedService.start("llo-service", "lake-llo", p.llo(kafka, dir)));
            services.add(PackagedService.start("ingest-service", "lake-ingest", p.ingest(kafka, Map.of(
                    "quiver.ingest.source", "files", "quiver.ingest.files.paths", ledgerFile.toString(),
                    "quiver.ingest.network-passphrase", "load test network",
                    // the file holds 62, 63 and 66: the contiguous part
                    "quiver.ingest.start-ledger", "62", "quiver.ingest.end-ledger", "63"))));
            for (PackagedService s : services) {
                s.awaitReady(Duration.ofSeconds(90));
            }
            try (KafkaProducer<byte[], byte[]> nodes = KafkaClients.plaintext(broker.bootstrapServers()).idempotentProducer(8 << 20)) {
                for (int round = 0; round < 12; round++) {
                    for (int node = 0; node < 4; node++) {
                        p.observe(nodes, allocator, "g", round, node);
                    }
                }
            }
            PackagedService ttp = services.get(1);
            PackagedService llo = services.get(2);
            BrokerOutageIT.await(() -> ttp.metric("quiver_ttp_ledgers_total", null).orElse(0) >= 2
                    && llo.metric("quiver_llo_rounds_total", "published").orElse(0) >= 12, Duration.ofSeconds(90), "ledgers and rounds processed");
            Expected events = read(p.events, TokenTransferEventSchema.SCHEMA, "event_id", allocator);
            Expected contract = read(p.contract, ContractEventSchema.SCHEMA, "event_id", allocator);
            Expected ledgers = read(p.ledgers, StellarLedgerSchema.SCHEMA, "sequence", allocator);
            Expected aggregates = read(p.aggregates, LloSchemas.STREAM_AGGREGATES, null, allocator);
            Expected transactions = read(p.transactions, LedgerTableSchemas.TRANSACTION_SCHEMA, "id", allocator);
            Expected operations = read(p.operations, LedgerTableSchemas.OPERATION_SCHEMA, "id", allocator);
            Expected invocations = read(p.invocations, LedgerTableSchemas.CONTRACT_INVOCATION_SCHEMA, "operation_id", allocator);
            // ledger 63 of the v24 load test: 100 transactions of one invoke_host_function each (62 is empty)
            assertEquals(100, transactions.rows(), "transactions on the topic");
            assertEquals(100, operations.rows(), "operations on the topic");
            assertEquals(100, invocations.rows(), "invocations on the topic");
            assertEquals(transactions.rows(), transactions.ids().size(), "transaction ids are unique on the topic");
            assertTrue(events.rows() >= 1000 && contract.rows() > 0 && ledgers.rows() == 2 && aggregates.rows() >= 12,
                    "the topics hold the ledgers' data: " + events.rows() + " / " + contract.rows() + " / " + ledgers.rows() + " / " + aggregates.rows());
            System.out.printf("topics: %d token transfer events, %d contract events, %d ledgers, %d aggregate rows%n",
                    events.rows(), contract.rows(), ledgers.rows(), aggregates.rows());
            try (LakeDuck duck = new LakeDuck(lake)) {
                String tte = duck.table("token_transfer_events", "parquet");
                String ce = duck.table("contract_events", "parquet");
                String lg = duck.table("ledgers", "parquet");
                String agg = duck.table("llo_aggregates", "parquet");
                String tx = duck.table("transactions", "parquet");
                String op = duck.table("operations", "parquet");
                String inv = duck.table("contract_invocations", "parquet");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (true) {
                    try {
                        if (duck.count("select count(*) from " + tte) == events.rows() && duck.count("select count(*) from " + ce) == contract.rows()
                                && duck.count("select count(*) from " + lg) == ledgers.rows() && duck.count("select count(*) from " + agg) == aggregates.rows()
                                && duck.count("select count(*) from " + tx) == transactions.rows()
                                && duck.count("select count(*) from " + op) == operations.rows()
                                && duck.count("select count(*) from " + inv) == invocations.rows()) {
                            break;
                        }
                    } catch (java.sql.SQLException noFilesYet) {
                        // a table with no file yet: DuckDB's glob matches nothing
                    }
                    assertTrue(System.nanoTime() < deadline, "the lake caught up with the topics");
                    Thread.sleep(500);
                }
                assertEquals(events.ids().size(), duck.count("select count(distinct event_id) from " + tte));
                assertEquals(events.rows(), events.ids().size(), "event ids are unique on the topic");
                List<String> want = events.sums().entrySet().stream().map(e -> e.getKey() + "|" + e.getValue().toBigInteger()).toList();
                assertEquals(want, duck.rows("select coalesce(asset_code, 'null'), sum(amount_decimal)::varchar from " + tte + " group by 1 order by 1"));
                assertEquals(contract.ids().size(), duck.count("select count(distinct event_id) from " + ce));
                assertEquals(ledgers.ids().size(), duck.count("select count(distinct sequence) from " + lg));
                assertEquals(0, duck.count("select count(*) from (describe select * from " + lg + ") where column_name = 'ledger_close_meta'"),
                        "the raw ledger XDR stays in Kafka");
                assertEquals(12, duck.count("select count(distinct round) from " + agg));
                // the ledger tables join: every token transfer to its transaction, every operation and invocation too
                assertEquals(transactions.rows(), duck.count("select count(distinct id) from " + tx));
                assertEquals(0, duck.count("select count(*) from " + tte + " e left join " + tx + " t on e.tx_hash = t.transaction_hash"
                        + " where t.id is null"), "every token transfer event's tx_hash finds its transaction");
                assertEquals(0, duck.count("select count(*) from " + tte + " e join " + tx + " t on e.tx_hash = t.transaction_hash"
                        + " where e.transaction_index <> t.transaction_index or e.ledger_sequence <> t.ledger_sequence"));
                assertEquals(0, duck.count("select count(*) from " + op + " o left join " + tx + " t on o.transaction_id = t.id"
                        + " and o.transaction_hash = t.transaction_hash where t.id is null"), "every operation finds its transaction");
                assertEquals(0, duck.count("select count(*) from " + inv + " i left join " + op + " o on i.operation_id = o.id"
                        + " where o.id is null or o.type_string <> 'invoke_host_function'"), "every invocation is an invoke_host_function");
                assertEquals(0, duck.count("select count(*) from (select t.id, t.operation_count, count(o.id) n from " + tx + " t left join "
                        + op + " o on o.transaction_id = t.id group by 1, 2) where n <> operation_count"), "operation counts agree");
                assertEquals(0, duck.count("select count(*) from (describe select * from " + tx + ") where column_name = 'tx_meta'"),
                        "the transactions' meta XDR stays in Kafka by default");
                assertEquals(0, duck.count("select count(*) from " + tte + " where date <> cast(closed_at as date)"));
                assertEquals(List.of("ZSTD"), duck.rows("select distinct compression from parquet_metadata('" + lake + "/*/*/*.parquet')"));
                assertEquals(List.of("token_transfer_events"), duck.rows("select distinct decode(value) from parquet_kv_metadata('"
                        + lake + "/token_transfer_events/*/*.parquet') where decode(key) = 'quiver.lake.table'"));
                assertEquals(List.of("TokenTransferEvent"), duck.rows("select distinct decode(value) from parquet_kv_metadata('"
                        + lake + "/token_transfer_events/*/*.parquet') where decode(key) = 'quiver.schema.name'"));
            }
        } finally {
            Pipelines.closeAll(services);
        }
    }
}
