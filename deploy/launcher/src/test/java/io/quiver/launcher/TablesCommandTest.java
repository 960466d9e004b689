package io.quiver.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.schema.LedgerTableSchemas;
import io.quiver.schema.QuiverSchema;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.testing.Environment;
import io.quiver.testing.SharedLedgers;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quiver tables}: every table on real ledgers (keys the schema's columns in order, rows in
 * ledger / application / operation order, integers exact past 2^53, bytes hex, times ISO-8601), and
 * the exit codes and one-line errors.
 */
class TablesCommandTest {

    /** Big integers stay exact: a TOID past 2^53 is read as a BigInteger, not a rounded double. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    private static final Path MAINNET = Environment.sharedStellar().resolve("mainnet/ttp-example-ledgers-base64.txt");
    private static final Path V24 = Environment.sharedStellar().resolve("synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        String[] all = new String[args.length + 1];
        all[0] = "tables";
        System.arraycopy(args, 0, all, 1, args.length);
        return QuiverCli.run(all, new PrintStream(out, true), new PrintStream(err, true));
    }

    private List<JsonNode> rows() throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String l : out.toString().split("\n")) {
            if (!l.isBlank()) {
                rows.add(JSON.readTree(l));
            }
        }
        return rows;
    }

    private static void assertKeys(QuiverSchema schema, JsonNode row) {
        Iterator<String> names = row.fieldNames();
        for (Field f : schema.arrowSchema().getFields()) {
            assertEquals(f.getName(), names.next(), "keys are the schema's columns, in order");
        }
        assertTrue(!names.hasNext(), "no other keys");
    }

    @Test
    void transactionsAndOperationsOfPubnetInLedgerAndApplicationOrder() throws Exception {
        assertEquals(0, run("transactions", "--network", "pubnet", MAINNET.toString()), err.toString());
        List<JsonNode> txs = rows();
        // 0 + 2 + 19 + 190 + 212 transactions in the five ledgers, failed ones included
        assertEquals(423, txs.size());
        // ledgers in the file's order (it is not ascending), transactions in application order
        List<Long> fileOrder = new ArrayList<>();
        for (var raw : io.quiver.stellar.ledger.LedgerFiles.read(MAINNET).ledgers()) {
            var view = new io.quiver.stellar.ledger.LedgerView(raw.decode());
            if (view.transactionCount() > 0) {
                fileOrder.add(view.sequence());
            }
        }
        assertEquals(fileOrder, txs.stream().map(t -> t.get("ledger_sequence").asLong()).distinct().toList());
        BigInteger previous = BigInteger.ZERO;
        for (JsonNode t : txs) {
            assertKeys(LedgerTableSchemas.TRANSACTION_SCHEMA, t);
            BigInteger id = t.get("id").bigIntegerValue();
            if (id.shiftRight(32).equals(previous.shiftRight(32))) {
                assertTrue(id.compareTo(previous) > 0, "application order within a ledger");
            }
            assertTrue(id.bitLength() > 53, "a TOID past 2^53 is printed exactly: " + id);
            assertEquals(id.shiftRight(32).longValue(), t.get("ledger_sequence").asLong());
            assertEquals(id.shiftRight(12).and(BigInteger.valueOf(0xFFFFF)).intValue(), t.get("transaction_index").asInt());
            assertTrue(t.get("transaction_hash").asText().matches("[0-9a-f]{64}"));
            assertTrue(t.get("closed_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
            previous = id;
        }
        assertEquals(104, txs.stream().filter(t -> !t.get("successful").asBoolean()).count(), "1 + 8 + 85 + 10 failed");

        assertEquals(0, run("operations", "--network", "pubnet", MAINNET.toString()), err.toString());
        List<JsonNode> ops = rows();
        long expected = txs.stream().mapToLong(t -> t.get("operation_count").asLong()).sum();
        assertEquals(expected, ops.size(), "every operation of every transaction");
        previous = BigInteger.ZERO;
        for (JsonNode o : ops) {
            assertKeys(LedgerTableSchemas.OPERATION_SCHEMA, o);
            BigInteger id = o.get("id").bigIntegerValue();
            if (id.shiftRight(32).equals(previous.shiftRight(32))) {
                assertTrue(id.compareTo(previous) > 0, "operations in their transaction's order");
            }
            assertEquals(o.get("transaction_id").bigIntegerValue().add(BigInteger.valueOf(o.get("operation_index").asLong())), id);
            assertTrue(JSON.readTree(o.get("details").asText()).isObject(), "the details column is one JSON object");
            previous = id;
        }
        // amounts are exact in both forms: the typed column and the details' number (stellar-etl: a float)
        JsonNode first = ops.get(0);
        assertEquals("manage_sell_offer", first.get("type_string").asText());
        assertEquals("0.0122309", first.get("amount").decimalValue().toPlainString());
        JsonNode details = JSON.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(first.get("details").asText());
        assertEquals("0.0122309", details.get("amount").decimalValue().toPlainString());
        assertEquals(480669610, details.get("price_r").get("n").asInt());
        assertEquals("ETH", details.get("selling_asset_code").asText());
    }

    @Test
    void invocationsAndLedgersOfTheSorobanLoadTest() throws Exception {
        assertEquals(0, run("invocations", "--network", SharedLedgers.LOAD_TEST, V24.toString()), err.toString());
        List<JsonNode> calls = rows();
        assertEquals(200, calls.size(), "one per invoke_host_function: 100 in each of ledgers 63 and 66");
        for (JsonNode c : calls) {
            assertKeys(LedgerTableSchemas.CONTRACT_INVOCATION_SCHEMA, c);
            assertEquals("invoke_contract", c.get("host_function_type").asText());
            assertTrue(c.get("contract_id").asText().startsWith("C"));
            assertEquals(c.get("argument_count").asInt(), c.get("arguments").size());
            assertEquals(c.get("argument_count").asInt(), JSON.readTree(c.get("arguments_json").asText()).size());
        }
        assertEquals(0, run("ledgers", "--network", SharedLedgers.LOAD_TEST, V24.toString()), err.toString());
        List<JsonNode> ledgers = rows();
        assertEquals(List.of(62L, 63L, 66L), ledgers.stream().map(l -> l.get("sequence").asLong()).toList());
        for (JsonNode l : ledgers) {
            assertKeys(StellarLedgerSchema.SCHEMA, l);
            assertEquals(l.get("sequence").asLong() << 32, l.get("id").asLong());
            assertTrue(l.get("total_coins").asLong() > 0 && l.get("node_id").asText().startsWith("G"));
        }
    }

    @Test
    void badInputIsOneLineWithExitTwo() throws Exception {
        assertEquals(2, run("transactions", "--network", "pubnet", dir.resolve("missing.xdr").toString()));
        assertEquals("quiver tables transactions: " + dir.resolve("missing.xdr") + ": no such file", err.toString().strip());

        // the wrong network: no transaction hash matches an envelope
        assertEquals(2, run("operations", "--network", "testnet", MAINNET.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("network passphrase"), err.toString());

        assertEquals(2, run("trades", "--network", "pubnet", MAINNET.toString()));
        assertTrue(err.toString().contains("unknown table 'trades'"), err.toString());

        assertEquals(2, run("transactions", MAINNET.toString()));
        assertTrue(err.toString().contains("--network"), err.toString());

        Path png = dir.resolve("picture.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        assertEquals(2, run("ledgers", "--network", "pubnet", png.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }
}
