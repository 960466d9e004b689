package io.quiver.ttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.testing.Environment;
import io.quiver.ttp.model.ProtoJson;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.unified.UnifiedEventsExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Unified-events mode against stellar-core's golden ledgers: every expected event, in order, in every field. */
class UnifiedEventsGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CORE_TESTS = "(V) (;,,;) (V)";

    static Stream<Path> unifiedFiles() {
        try (Stream<Path> s = Files.list(Environment.sharedStellar().resolve("core-golden/unified-events"))) {
            return s.sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unifiedFiles")
    void reproducesTheExpectedEvents(Path file) throws Exception {
        String name = file.getFileName().toString()
                .replace("ledger-close-meta-enable-classic-events-", "").replace(".xdr", ".events.json");
        JsonNode expected = JSON.readTree(file.getParent().getParent().resolve("expected-ttp-events").resolve(name).toFile());
        List<RawLedger> ledgers = LedgerFiles.read(file).ledgers();
        assertEquals(1, ledgers.size());
        List<TokenTransferEvent> events = new UnifiedEventsExtractor(CORE_TESTS).extract(ledgers.get(0).decode());
        assertEquals(expected.size(), events.size(), "event count of " + name);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(expected.get(i), JSON.readTree(ProtoJson.line(events.get(i))), name + " event " + i);
        }
    }

    @Test
    void theV24LoadTestHasNoFeeEventsAndIsRefusedClearly() throws Exception {
        Path f = Environment.sharedStellar().resolve("synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd");
        UnifiedEventsExtractor x = new UnifiedEventsExtractor("load test network");
        boolean refused = false;
        for (RawLedger raw : LedgerFiles.read(f).ledgers()) {
            try {
                x.extract(raw.decode());
            } catch (TtpException e) {
                assertTrue(e.getMessage().matches("ledger \\d+ transaction [0-9a-f]{64} \\(index 1\\): 0 fee events.*no fee events.*"),
                        e.getMessage());
                refused = true;
            }
        }
        assertTrue(refused, "ledgers 63 and 66 carry transactions without fee events");
        assertThrows(TtpException.class, () -> x.extract(LedgerFiles.read(f).ledgers().get(1).decode()));
    }
}
