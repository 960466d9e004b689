package io.quiver.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.testing.Environment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quiver ledgers}: the JSON lines against facts published with the shared ledgers (the
 * core-golden manifest, the mainnet and data-lake READMEs), and the one-line errors.
 */
class LedgersCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("sequence", "lcmVersion", "protocolVersion", "closedAt", "hash", "txCount",
            "failedTxCount", "opCount");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... files) {
        out.reset();
        err.reset();
        String[] args = new String[files.length + 1];
        args[0] = "ledgers";
        System.arraycopy(files, 0, args, 1, files.length);
        return QuiverCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : this.out.toString().split("\n")) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                List<String> keys = new ArrayList<>();
                n.fieldNames().forEachRemaining(keys::add);
                assertEquals(KEYS, keys, "exactly these keys, in this order: " + line);
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void coreGoldenLedgersMatchTheirManifest() throws Exception {
        Path golden = Environment.sharedStellar().resolve("core-golden");
        JsonNode manifest = JSON.readTree(golden.resolve("manifest.json").toFile());
        List<String> files = new ArrayList<>();
        for (JsonNode entry : manifest) {
            String name = entry.get("file").asText();
            Path p = golden.resolve(name.contains("enable-classic-events") ? "unified-events" : "input-no-events").resolve(name);
            files.add(p.toString());
        }
        assertEquals(0, run(files.toArray(String[]::new)), err.toString());
        List<JsonNode> got = lines();
        assertEquals(manifest.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            JsonNode m = manifest.get(i);
            JsonNode g = got.get(i);
            String what = m.get("file").asText();
            assertEquals(m.get("seq").asLong(), g.get("sequence").asLong(), what);
            assertEquals(m.get("lcmVersion").asInt(), g.get("lcmVersion").asInt(), what);
            assertEquals(m.get("protocol").asInt(), g.get("protocolVersion").asInt(), what);
            assertEquals(m.get("txCount").asInt(), g.get("txCount").asInt(), what);
            assertEquals(m.get("failed").asInt(), g.get("failedTxCount").asInt(), what);
            int ops = 0;
            for (Iterator<JsonNode> it = m.get("ops").elements(); it.hasNext();) {
                ops += it.next().asInt();
            }
            assertEquals(ops, g.get("opCount").asInt(), what);
            assertTrue(g.get("hash").asText().matches("[0-9a-f]{64}"), what);
            assertTrue(g.get("closedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), what);
        }
    }

    @Test
    void mainnetDataLakeAndLoadTestFilesGiveTheirPublishedCounts() throws Exception {
        Path s = Environment.sharedStellar();
        assertEquals(0, run(s.resolve("mainnet/ttp-example-ledgers-base64.txt").toString(),
                s.resolve("galexie-testbucket/FFFFFC1A--997.xdr.zstd").toString(),
                s.resolve("galexie-testbucket/FFFFFC19--998.xdr.zstd").toString(),
                s.resolve("galexie-testbucket/FFFFFC18--999.xdr.zstd").toString(),
                s.resolve("synthetic-soroban-loadtest/load-test-ledgers-v22.xdr.zstd").toString(),
                s.resolve("synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd").toString()), err.toString());
        List<JsonNode> got = new ArrayList<>(lines());
        // the mainnet file is not in sequence order; the other files are
        got.subList(0, 5).sort(java.util.Comparator.comparingLong(n -> n.get("sequence").asLong()));
        // sequence, lcmVersion, protocol, txs, failed: from ../shared/stellar/README.md
        long[][] expected = {
            {6154623, 0, 2, 0, 0}, {16154623, 0, 9, 2, 1}, {26154623, 0, 11, 19, 8}, {36154623, 0, 17, 190, 85},
            {46154623, 0, 19, 212, 10},
            {997, 1, 20, 7, 3}, {998, 1, 20, 7, 5}, {999, 1, 20, 3, 0},
            {95, 1, 22, -1, -1}, {98, 1, 22, -1, -1},
            {62, 2, 24, 0, 0}, {63, 2, 24, -1, -1}, {66, 2, 24, -1, -1}};
        assertEquals(expected.length, got.size());
        int v22 = 0;
        int v24 = 0;
        for (int i = 0; i < expected.length; i++) {
            JsonNode g = got.get(i);
            String what = Arrays.toString(expected[i]) + " vs " + g;
            assertEquals(expected[i][0], g.get("sequence").asLong(), what);
            assertEquals(expected[i][1], g.get("lcmVersion").asLong(), what);
            assertEquals(expected[i][2], g.get("protocolVersion").asLong(), what);
            if (expected[i][3] >= 0) {
                assertEquals(expected[i][3], g.get("txCount").asLong(), what);
                assertEquals(expected[i][4], g.get("failedTxCount").asLong(), what);
            }
            if (expected[i][2] == 22) {
                v22 += g.get("txCount").asInt();
                assertEquals(g.get("txCount").asInt(), g.get("opCount").asInt(), "one invokeHostFunction per tx: " + what);
            }
            if (expected[i][2] == 24) {
                v24 += g.get("txCount").asInt();
            }
        }
        assertEquals(200, v22, "the v22 load test holds 200 transactions");
        assertEquals(200, v24, "the v24 load test holds 200 transactions");
        assertEquals("2024-02-06", got.get(5).get("closedAt").asText().substring(0, 10), "data-lake ledgers closed 2024-02-06");
    }

    @Test
    void rpcJsonGivesTheHashesTheNodeReported() throws Exception {
        Path f = Environment.sharedStellar().resolve("rpc-json/stellar-docs-openrpc-getLedgers-example.json");
        assertEquals(0, run(f.toString()), err.toString());
        List<JsonNode> got = lines();
        List<JsonNode> reported = JSON.readTree(f.toFile()).findValue("ledgers").findParents("headerXdr");
        assertEquals(reported.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(reported.get(i).get("hash").asText(), got.get(i).get("hash").asText());
            assertEquals(reported.get(i).get("sequence").asLong(), got.get(i).get("sequence").asLong());
        }
        assertEquals(36234, got.get(1).get("sequence").asLong());
        assertEquals(4, got.get(1).get("failedTxCount").asInt(), "ledger 36234 holds 4 failed payments");
    }

    private String oneErrorLine(int code) {
        assertEquals(2, code);
        String e = err.toString().strip();
        assertFalse(e.contains("\n"), "one line: " + e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
        return e;
    }

    @Test
    void aTruncatedFileNamesTheFileTheTypeAndTheOffset() throws Exception {
        byte[] full = Files.readAllBytes(Environment.sharedStellar().resolve("core-golden/input-no-events/ledger-close-meta-v1-protocol-20.xdr"));
        Path cut = dir.resolve("cut.xdr");
        Files.write(cut, Arrays.copyOf(full, full.length - 100));
        String e = oneErrorLine(run(cut.toString()));
        assertTrue(e.contains(cut.toString()) && e.contains("XDR ") && e.matches(".*at byte \\d+.*") && e.contains("truncated"), e);
    }

    @Test
    void aBitFlipNamesTheFileTheTypeAndTheOffset() throws Exception {
        byte[] bytes = Files.readAllBytes(Environment.sharedStellar().resolve("core-golden/input-no-events/ledger-close-meta-v2-protocol-23.xdr"));
        bytes[3] ^= 0x40; // LedgerCloseMeta v2 -> 66: no such arm
        Path flipped = dir.resolve("flipped.xdr");
        Files.write(flipped, bytes);
        String e = oneErrorLine(run(flipped.toString()));
        assertTrue(e.contains(flipped.toString()) && e.contains("XDR LedgerCloseMeta at byte 0") && e.contains("66"), e);
    }

    @Test
    void aFileOfAnotherFormatIsRefusedClearly() throws Exception {
        Path png = dir.resolve("picture.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        String e = oneErrorLine(run(png.toString()));
        assertTrue(e.contains(png.toString()) && e.contains("XDR LedgerCloseMeta") && e.matches(".*at byte \\d+.*"), e);

        Path text = dir.resolve("notes.json");
        Files.writeString(text, "{\"hello\": 1}");
        e = oneErrorLine(run(text.toString()));
        assertTrue(e.contains(text.toString()) && e.contains("ledgers"), e);

        Path missing = dir.resolve("missing.xdr");
        e = oneErrorLine(run(missing.toString()));
        assertTrue(e.contains("no such file"), e);
    }
}
