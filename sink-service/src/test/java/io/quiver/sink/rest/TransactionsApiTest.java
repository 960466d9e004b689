package io.quiver.sink.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

import io.quarkus.test.junit.QuarkusTest;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.kafka.Topics;
import io.quiver.lake.testing.SinkRun;
import io.quiver.lake.store.LakeStore;
import io.quiver.lake.store.S3Settings;
import io.quiver.schema.rows.ColumnRows;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.testing.Environment;
import io.quiver.testing.SharedLedgers;
import io.quiver.sink.testing.ServingLake;
import io.quiver.ttp.tables.LedgerTables;
import io.restassured.path.json.JsonPath;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Transaction lookups over REST: the real pubnet ledgers' transactions and operations, as ttp-service
 * publishes them, written to the lake by the running sink, then found by hash, by account with
 * cursor paging, and a transaction's operations, each answer checked against the rows published.
 */
@QuarkusTest
class TransactionsApiTest {

    private static final LedgerTables.Rows ROWS = LedgerTables.Rows.empty();
    private static boolean published;

    @BeforeAll
    static void publish() throws Exception {
        synchronized (TransactionsApiTest.class) {
            if (published) {
                return;
            }
            published = true;
        }
        byte[] networkId = NetworkIds.networkId(SharedLedgers.PUBNET);
        LedgerTables tables = new LedgerTables(EnumSet.of(LedgerTables.Table.TRANSACTIONS, LedgerTables.Table.OPERATIONS), false);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ServingLake.bootstrap());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        try (BufferAllocator allocator = new RootAllocator();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (RawLedger raw : LedgerFiles.read(Environment.sharedStellar().resolve("mainnet/ttp-example-ledgers-base64.txt")).ledgers()) {
                LedgerView view = new LedgerView(raw.decode());
                LedgerTables.Rows one = LedgerTables.Rows.empty();
                tables.extract(view, LedgerTransactions.of(view, networkId), networkId, one);
                ROWS.transactions().addAll(one.transactions());
                ROWS.operations().addAll(one.operations());
                send(producer, Topics.STELLAR_TRANSACTIONS, LedgerTables.Table.TRANSACTIONS, one, view.sequence(), allocator);
                send(producer, Topics.STELLAR_OPERATIONS, LedgerTables.Table.OPERATIONS, one, view.sequence(), allocator);
            }
            producer.flush();
        }
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ServingLake.bootstrap());
        try (Admin admin = Admin.create(a);
             LakeStore store = LakeStore.open(Path.of(ServingLake.lake()).toAbsolutePath().toString(), S3Settings.defaults(),
                     Path.of("target"))) {
            for (String topic : List.of(Topics.STELLAR_TRANSACTIONS, Topics.STELLAR_OPERATIONS)) {
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                SinkRun.awaitCovered(store, admin, topic, partitions, Duration.ofSeconds(60));
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, LedgerTables.Table t, LedgerTables.Rows rows,
                             long ledger, BufferAllocator allocator) {
        try (VectorSchemaRoot root = ColumnRows.newRoot(t.schema(), allocator)) {
            new ColumnRows(root).appendAll(rows.of(t));
            for (EncodedRecord r : ArrowKafkaCodec.defaults().encode(root, BatchLabel.ledgers(ledger, ledger))) {
                producer.send(new ProducerRecord<>(topic, null, Long.toString(ledger).getBytes(StandardCharsets.UTF_8), r.value(),
                        r.headers()));
            }
        }
    }

    private static String hex(Object[] row) {
        return HexFormat.of().formatHex((byte[]) row[1]);
    }

    @Test
    void aTransactionByHashAndItsOperationsInOrder() {
        Object[] tx = ROWS.transactions().get(ROWS.transactions().size() / 2);
        JsonPath one = given().get("/v1/transactions/" + hex(tx).toUpperCase()).then().statusCode(200).extract().jsonPath();
        assertEquals((long) tx[0], one.getLong("id"));
        assertEquals(hex(tx), one.getString("transaction_hash"), "bytes are hex");
        assertEquals(tx[5], one.getString("account"));
        assertEquals(tx[9], one.getLong("fee_charged"));
        List<Object[]> ops = ROWS.operations().stream().filter(o -> (long) o[1] == (long) tx[0]).toList();
        assertTrue(!ops.isEmpty());
        JsonPath got = given().get("/v1/transactions/" + hex(tx) + "/operations").then().statusCode(200).extract().jsonPath();
        assertEquals(ops.stream().map(o -> (Long) o[0]).toList(), got.getList("operations.id", Long.class));
        assertEquals(ops.stream().map(o -> (String) o[8]).toList(), got.getList("operations.type_string", String.class));

        given().get("/v1/transactions/" + "00".repeat(32)).then().statusCode(404);
        given().get("/v1/transactions/" + "00".repeat(32) + "/operations").then().statusCode(404);
        String bad = given().get("/v1/transactions/not-a-hash").then().statusCode(400).extract().asString();
        assertTrue(bad.contains("hash"), bad);
    }

    @Test
    void anAccountsTransactionsPageByPageInOrder() {
        // the busiest source account of the five ledgers
        java.util.Map<String, Long> bySource = new java.util.TreeMap<>();
        ROWS.transactions().forEach(t -> bySource.merge((String) t[5], 1L, Long::sum));
        String account = bySource.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<Long> want = ROWS.transactions().stream().filter(t -> account.equals(t[5])).map(t -> (Long) t[0]).sorted().toList();
        assertTrue(want.size() >= 2, "account with several transactions: " + want.size());
        List<Long> got = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = given().queryParam("account", account).queryParam("limit", 1);
            if (cursor != null) {
                req = req.queryParam("cursor", cursor);
            }
            JsonPath page = req.get("/v1/transactions").then().statusCode(200).extract().jsonPath();
            got.addAll(page.getList("transactions.id", Long.class));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null && pages < 100);
        assertEquals(want, got, "every transaction of the account once, in order, across pages");
        assertTrue(pages >= 2);
        assertEquals(ROWS.transactions().size(), given().queryParam("limit", 1000).get("/v1/transactions").then().statusCode(200)
                .extract().jsonPath().getList("transactions").size());
        String bad = given().queryParam("account", "nobody").get("/v1/transactions").then().statusCode(400).extract().asString();
        assertTrue(bad.contains("account"), bad);
        assertNull(given().queryParam("account", account).queryParam("limit", 1000).get("/v1/transactions").then().statusCode(200)
                .extract().jsonPath().getString("next_cursor"), "no next page after the last");
    }
}
