package io.quiver.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.testing.Environment;
import io.quiver.testing.SharedLedgers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quiver ttp}: the core-golden pairs through the command line in both modes, verification
 * of real ledgers, and the exit codes and one-line errors.
 */
class TtpCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = Environment.sharedStellar().resolve("core-golden");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        String[] all = new String[args.length + 1];
        all[0] = "ttp";
        System.arraycopy(args, 0, all, 1, args.length);
        return QuiverCli.run(all, new PrintStream(out, true), new PrintStream(err, true));
    }

    private List<String> outLines() {
        List<String> lines = new ArrayList<>();
        for (String l : out.toString().split("\n")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return lines;
    }

    @Test
    void bothModesPrintTheExpectedEventsLineByLine() throws Exception {
        String[][] pairs = {
            {"input-no-events/ledger-close-meta-v0-protocol-14.xdr", ""},
            {"unified-events/ledger-close-meta-enable-classic-events-v0-protocol-14.xdr", "--unified"},
            {"input-no-events/ledger-close-meta-v2-protocol-29-soroban.xdr", ""},
            {"unified-events/ledger-close-meta-enable-classic-events-v2-protocol-29-soroban.xdr", "--unified"},
        };
        for (String[] p : pairs) {
            String name = Path.of(p[0]).getFileName().toString().replace("ledger-close-meta-", "").replace("enable-classic-events-", "")
                    .replace(".xdr", ".events.json");
            JsonNode expected = JSON.readTree(GOLDEN.resolve("expected-ttp-events").resolve(name).toFile());
            int code = p[1].isEmpty() ? run("--network", SharedLedgers.CORE_TESTS, GOLDEN.resolve(p[0]).toString())
                    : run("--network", SharedLedgers.CORE_TESTS, p[1], GOLDEN.resolve(p[0]).toString());
            assertEquals(0, code, err.toString());
            List<String> lines = outLines();
            assertEquals(expected.size(), lines.size(), p[0]);
            for (int i = 0; i < lines.size(); i++) {
                assertEquals(expected.get(i), JSON.readTree(lines.get(i)), p[0] + " line " + (i + 1));
            }
        }
    }

    @Test
    void verifyPassesOnMainnetAndFailsOnATamperedLedger() throws Exception {
        Path mainnet = Environment.sharedStellar().resolve("mainnet/ttp-example-ledgers-base64.txt");
        assertEquals(0, run("verify", "--network", "pubnet", mainnet.toString()), out + "\n" + err);
        assertTrue(out.toString().startsWith("ok: 5 ledgers, 1222 events, 0 mismatches (derived mode)"), out.toString());

        // The wrong network: no transaction hash matches an envelope, which is an input error.
        assertEquals(2, run("verify", "--network", "testnet", mainnet.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void unifiedModeRefusesALedgerWithoutFeeEvents() {
        Path v24 = Environment.sharedStellar().resolve("synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd");
        assertEquals(2, run("--network", SharedLedgers.LOAD_TEST, "--unified", v24.toString()));
        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("0 fee events") && line.contains("use the derived mode"), line);
        assertEquals(0, run("verify", "--network", SharedLedgers.LOAD_TEST, v24.toString()), out + "\n" + err);
        assertTrue(out.toString().startsWith("ok: 3 ledgers, 2400 events"), out.toString());
    }

    @Test
    void badInputIsOneLineWithExitTwo() throws Exception {
        Path png = dir.resolve("picture.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        assertEquals(2, run("--network", "pubnet", png.toString()));
        assertTrue(err.toString().startsWith("quiver ttp: " + png), err.toString());
        assertEquals(1, err.toString().strip().lines().count());

        assertEquals(2, run("--network", "pubnet", dir.resolve("missing.xdr").toString()));
        assertEquals("quiver ttp: " + dir.resolve("missing.xdr") + ": no such file", err.toString().strip());

        assertEquals(2, run(GOLDEN.resolve("input-no-events/ledger-close-meta-v0-protocol-14.xdr").toString()));
        assertTrue(err.toString().contains("--network"), err.toString());
    }
}
