package io.quiver.ingest.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quiver.ingest.source.rpc.RpcLedgerSource;
import io.quiver.ingest.testing.ReplayedRpcServer;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.testing.Environment;
import io.quiver.testing.SharedLedgers;
import org.junit.jupiter.api.Test;

class RpcLedgerSourceTest {

    static Path recorded(String name) {
        return Environment.sharedStellar().resolve("rpc-json").resolve(name);
    }

    static RpcLedgerSource.Settings settings(ReplayedRpcServer rpc, int pageSize, Optional<String> passphrase) {
        return new RpcLedgerSource.Settings(rpc.url(), pageSize, 4, Duration.ofMillis(20), Duration.ofMillis(50),
                Duration.ofSeconds(10), passphrase);
    }

    @Test
    void pagesThroughTheRecordedLedgersByCursor() throws Exception {
        Path file = recorded("stellar-docs-openrpc-getLedgers-example.json");
        List<RawLedger> expected = LedgerFiles.read(file).ledgers();
        try (ReplayedRpcServer rpc = ReplayedRpcServer.replaying(file, SharedLedgers.TESTNET);
             RpcLedgerSource source = RpcLedgerSource.open(settings(rpc, 1, Optional.empty()))) {
            assertEquals(SharedLedgers.TESTNET, source.networkPassphrase(), "asked with getNetwork");
            assertEquals(36234, source.latestLedger());
            try (LedgerStream s = source.open(LedgerRange.bounded(36233, 36234))) {
                var a = (SourcedLedger) s.next();
                var b = (SourcedLedger) s.next();
                assertEquals(null, s.next());
                assertEquals(36233, a.sequence());
                assertEquals(36234, b.sequence());
                assertArrayEquals(expected.get(0).bytes(), a.xdr());
                assertArrayEquals(expected.get(1).bytes(), b.xdr());
            }
            assertEquals(2, rpc.getLedgersCalls(), "one page of 1, then the cursor");
        }
    }

    @Test
    void retriesServerErrorsWithBackoff() throws Exception {
        Path file = recorded("java-stellar-sdk-get_ledgers.json");
        try (ReplayedRpcServer rpc = ReplayedRpcServer.replaying(file, SharedLedgers.TESTNET);
             RpcLedgerSource source = RpcLedgerSource.open(settings(rpc, 200, Optional.of(SharedLedgers.TESTNET)))) {
            rpc.failNext(3);
            try (LedgerStream s = source.open(LedgerRange.bounded(10, 11))) {
                assertEquals(10, s.next().first());
                assertEquals(11, s.next().first());
                assertEquals(null, s.next());
            }
            rpc.failNext(10);
            try (LedgerStream s = source.open(LedgerRange.bounded(10, 11))) {
                LedgerSourceException e = assertThrows(LedgerSourceException.class, s::next);
                assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("4 attempts"), e.getMessage());
            }
        }
    }

    @Test
    void aStartBeforeTheNodesWindowIsAClearError() throws Exception {
        Path file = recorded("java-stellar-sdk-get_ledgers.json");
        try (ReplayedRpcServer rpc = ReplayedRpcServer.replaying(file, SharedLedgers.TESTNET);
             RpcLedgerSource source = RpcLedgerSource.open(settings(rpc, 200, Optional.of(SharedLedgers.TESTNET)));
             LedgerStream s = source.open(LedgerRange.bounded(5, 11))) {
            LedgerSourceException e = assertThrows(LedgerSourceException.class, s::next);
            assertEquals("RPC " + rpc.url() + ": start ledger 5 is outside the node's window 10..11 (it keeps only recent "
                    + "ledgers; use a data lake for older history)", e.getMessage());
        }
    }

    @Test
    void aStartAfterTheTipWaitsForIt() throws Exception {
        Path file = recorded("java-stellar-sdk-get_ledgers.json");
        try (ReplayedRpcServer rpc = ReplayedRpcServer.replaying(file, SharedLedgers.TESTNET);
             RpcLedgerSource source = RpcLedgerSource.open(settings(rpc, 200, Optional.of(SharedLedgers.TESTNET)));
             LedgerStream s = source.open(LedgerRange.following(12))) {
            Thread t = new Thread(() -> {
                try {
                    s.next();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception ignored) {
                    // interrupted while waiting
                }
            });
            t.start();
            Thread.sleep(300);
            assertTrue(t.isAlive(), "still waiting for ledger 12");
            t.interrupt();
            t.join(5000);
            assertTrue(rpc.getLedgersCalls() >= 2, "polled more than once: " + rpc.getLedgersCalls());
        }
    }
}
