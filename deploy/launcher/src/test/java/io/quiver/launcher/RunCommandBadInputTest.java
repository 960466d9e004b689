package io.quiver.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.quiver.testing.Environment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quiver run} on bad input: one line on stderr naming what is wrong, exit 2, and nothing
 * started (no broker data written, every port still free).
 */
class RunCommandBadInputTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void isolate() {
        System.setProperty("quiver.state", dir.resolve("state").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("quiver.state");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        return QuiverCli.run(all, new PrintStream(out, true), new PrintStream(err, true));
    }

    private void assertOneLineAndNothingStarted(String expected) {
        String e = err.toString().strip();
        assertFalse(e.contains("\n"), "one line: " + e);
        assertTrue(e.startsWith("quiver run: ") && e.contains(expected), e);
        assertFalse(Files.exists(dir.resolve("state/kafka")), "no broker was started");
        assertTrue(new LocalCluster(dir, java.util.Optional.empty(), 9092, new PrintStream(new ByteArrayOutputStream()))
                .portsInUse(true).isEmpty(), "every port is free again");
    }

    @Test
    void aSourceThatDoesNotExist() {
        assertEquals(2, run("--files", dir.resolve("nope.xdr").toString(), "--network", "pubnet", "--lake", dir.resolve("l1").toString()));
        assertOneLineAndNothingStarted("nope.xdr: no such file");
        assertEquals(2, run("--datalake", dir.resolve("no-lake").toString(), "--lake", dir.resolve("l2").toString()));
        assertOneLineAndNothingStarted("no-lake: no such folder");
    }

    @Test
    void aWrongNetworkPassphrase() {
        Path mainnet = Environment.sharedStellar().resolve("mainnet/ttp-example-ledgers-base64.txt");
        assertEquals(2, run("--files", mainnet.toString(), "--network", "testnet", "--lake", dir.resolve("l3").toString()));
        assertOneLineAndNothingStarted("transaction hashes do not verify under network 'Test SDF Network ; September 2015'");
    }

    @Test
    void aPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 8081));
            assertEquals(2, run("--ledgers", "3", "--lake", dir.resolve("l4").toString()));
        }
        assertOneLineAndNothingStarted("port 8081 (sink-service HTTP) in use");
    }

    @Test
    void aLakeThatCannotBeWrittenOrAlreadyHoldsData() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals(2, run("--ledgers", "3", "--lake", file.resolve("lake").toString()));
        assertOneLineAndNothingStarted("is not writable");
        Path old = Files.createDirectories(dir.resolve("old-lake"));
        Files.writeString(old.resolve("part.parquet"), "x");
        assertEquals(2, run("--ledgers", "3", "--lake", old.toString()));
        assertOneLineAndNothingStarted("is not empty");
    }

    @Test
    void optionsThatMakeNoSense() {
        assertEquals(2, run("--files", "a", "--rpc", "http://x"));
        assertOneLineAndNothingStarted("give one source");
        assertEquals(2, run("--files", "a"));
        assertOneLineAndNothingStarted("--files needs --network");
        assertEquals(2, run("--ledgers", "zero"));
        assertOneLineAndNothingStarted("--ledgers expects a number");
    }
}
