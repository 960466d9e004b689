package io.quiver.ttp.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.schema.rows.ColumnRows;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.NodeScripts;
import io.quiver.testing.SharedLedgers;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ledger tables of every real ledger in {@code ../shared/stellar} against an independent
 * decoder, npm {@code @stellar/stellar-base} ({@code clients/node/xdr/tables.mjs}): transaction
 * hashes (stellar-base hashes the envelopes itself), sources, sequence numbers, fees, result codes,
 * operation counts, operation types and sources, contract ids (invoked, or derived from the
 * preimage) and function names. Our side goes the way the topics and the CLI go: rows into Arrow
 * roots, read back as the CLI's JSON.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class LedgerTablesCrossCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Case(String where, String passphrase, byte[] xdr) {
    }

    @Test
    void everyRealLedgerAgreesWithStellarBase(BufferAllocator allocator) throws Exception {
        List<Case> cases = new ArrayList<>();
        StringBuilder input = new StringBuilder();
        for (SharedLedgers.LedgerFileCase file : SharedLedgers.all()) {
            for (RawLedger raw : LedgerFiles.read(file.path()).ledgers()) {
                cases.add(new Case(file + " " + raw.where(), file.passphrase(), raw.bytes()));
                input.append(Base64.getEncoder().encodeToString(file.passphrase().getBytes(StandardCharsets.UTF_8))).append(' ')
                        .append(Base64.getEncoder().encodeToString(raw.bytes())).append('\n');
            }
        }
        List<String> theirs = NodeScripts.run("@stellar/stellar-base", "xdr/tables.mjs", List.of(), input.toString());
        assertEquals(cases.size(), theirs.size());
        LedgerTables tables = new LedgerTables(EnumSet.allOf(LedgerTables.Table.class), false);
        int transactions = 0;
        int operations = 0;
        int invocations = 0;
        int feeBumps = 0;
        int failed = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode expected = JSON.readTree(theirs.get(i));
            assertNull(expected.get("error"), c.where() + ": stellar-base failed: " + expected.get("error"));
            byte[] networkId = NetworkIds.networkId(c.passphrase());
            LedgerView view = new LedgerView(new RawLedger(c.where(), c.xdr(), 0, c.xdr().length).decode());
            LedgerTables.Rows rows = LedgerTables.Rows.empty();
            tables.extract(view, LedgerTransactions.of(view, networkId), networkId, rows);
            List<JsonNode> txs = json(LedgerTables.Table.TRANSACTIONS, rows, allocator);
            List<JsonNode> ops = json(LedgerTables.Table.OPERATIONS, rows, allocator);
            List<JsonNode> calls = json(LedgerTables.Table.INVOCATIONS, rows, allocator);
            JsonNode want = expected.get("transactions");
            assertEquals(want.size(), txs.size(), c.where() + ": transactions");
            int op = 0;
            int call = 0;
            for (int t = 0; t < txs.size(); t++) {
                JsonNode ours = txs.get(t);
                JsonNode w = want.get(t);
                String where = c.where() + " transaction " + (t + 1);
                assertEquals(w.get("hash").asText(), ours.get("transaction_hash").asText(), where + ": hash");
                assertEquals(t + 1, ours.get("transaction_index").asInt(), where);
                assertEquals((view.sequence() << 32) | ((long) (t + 1) << 12), ours.get("id").asLong(), where + ": TOID");
                assertEquals(w.get("account").asText(), address(ours, "account"), where + ": source");
                assertEquals(w.get("account_sequence").asText(), ours.get("account_sequence").asText(), where + ": sequence");
                assertEquals(w.get("fee_charged").asText(), ours.get("fee_charged").asText(), where + ": fee charged");
                assertEquals(code(w.get("result").asText()), code(ours.get("transaction_result_code").asText()), where + ": result code");
                assertEquals(w.get("operation_count").asInt(), ours.get("operation_count").asInt(), where + ": operations");
                boolean feeBump = !w.get("fee_account").isNull();
                if (feeBump) {
                    feeBumps++;
                    assertEquals(w.get("fee_account").asText(), address(ours, "fee_account"), where + ": fee account");
                    assertEquals(w.get("new_max_fee").asText(), ours.get("new_max_fee").asText(), where + ": fee-bump fee");
                    // stellar-base's inner fee is the inner transaction's bid
                    assertEquals(w.get("max_fee").asText(), ours.get("max_fee").asText(), where + ": inner fee");
                } else {
                    assertTrue(ours.get("fee_account").isNull(), where);
                    assertEquals(w.get("max_fee").asText(), ours.get("max_fee").asText(), where + ": fee");
                }
                if (!ours.get("successful").asBoolean()) {
                    failed++;
                }
                for (JsonNode wo : w.get("operations")) {
                    JsonNode o = ops.get(op++);
                    String at = where + " operation " + o.get("operation_index");
                    assertEquals(ours.get("id").asLong(), o.get("transaction_id").asLong(), at);
                    assertEquals(ours.get("id").asLong() + o.get("operation_index").asLong(), o.get("id").asLong(), at + ": TOID");
                    assertEquals(wo.get("type").asText(), camel(o.get("type_string").asText()), at + ": type");
                    assertEquals(wo.get("source").asText(), address(o, "source_account"), at + ": source");
                    if (wo.has("contract_id")) {
                        JsonNode inv = calls.get(call++);
                        assertEquals(o.get("id").asLong(), inv.get("operation_id").asLong(), at);
                        assertEquals(text(wo.get("contract_id")), text(inv.get("contract_id")), at + ": contract id");
                        assertEquals(text(wo.get("contract_id")), text(o.get("contract_id")), at + ": contract id (operations)");
                        assertEquals(text(wo.get("function_name")), text(inv.get("function_name")), at + ": function");
                        assertEquals(text(wo.get("function_name")), text(o.get("function_name")), at + ": function (operations)");
                    }
                }
            }
            assertEquals(op, ops.size(), c.where() + ": every operation row belongs to a transaction, in order");
            assertEquals(call, calls.size(), c.where() + ": one invocation row per invoke_host_function");
            transactions += txs.size();
            operations += ops.size();
            invocations += calls.size();
        }
        System.out.printf("ledger tables vs stellar-base: %d ledgers, %d transactions (%d failed, %d fee bumps), %d operations,"
                + " %d invocations%n", cases.size(), transactions, failed, feeBumps, operations, invocations);
        assertEquals(65, cases.size(), "ledgers in ../shared/stellar");
        assertTrue(failed > 0 && invocations > 0, "the real ledgers include failed transactions and contract invocations");
    }

    /** The table's rows as the CLI prints them: through an Arrow root and RowJson. */
    private static List<JsonNode> json(LedgerTables.Table t, LedgerTables.Rows rows, BufferAllocator allocator) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (VectorSchemaRoot root = ColumnRows.newRoot(t.schema(), allocator)) {
            new ColumnRows(root).appendAll(rows.of(t));
            for (int i = 0; i < root.getRowCount(); i++) {
                out.add(JSON.readTree(RowJson.line(root, i)));
            }
        }
        return out;
    }

    /** stellar-base names a muxed source by its M... address: ours is the _muxed column when there is one. */
    private static String address(JsonNode row, String column) {
        JsonNode m = row.get(column + "_muxed");
        return m != null && !m.isNull() ? m.asText() : row.get(column).asText();
    }

    /** txSUCCESS (XDR) and txSuccess (js-xdr) are the same code. */
    private static String code(String s) {
        return s.replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** path_payment_strict_receive -> pathPaymentStrictReceive (stellar-base's operation types). */
    private static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
