package io.quiver.ttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.testing.Environment;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import io.quiver.ttp.model.ProtoJson;
import io.quiver.ttp.model.TokenTransferEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Derived mode against stellar-core's golden ledgers without events: the same expected lists as the unified mode. */
class DerivedEventsGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> plainFiles() {
        try (Stream<Path> s = Files.list(Environment.sharedStellar().resolve("core-golden/input-no-events"))) {
            return s.sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainFiles")
    void reproducesTheExpectedEvents(Path file) throws Exception {
        String name = file.getFileName().toString().replace("ledger-close-meta-", "").replace(".xdr", ".events.json");
        JsonNode expected = JSON.readTree(file.getParent().getParent().resolve("expected-ttp-events").resolve(name).toFile());
        List<RawLedger> ledgers = LedgerFiles.read(file).ledgers();
        List<TokenTransferEvent> events = new DerivedEventsExtractor("(V) (;,,;) (V)").extract(ledgers.get(0).decode());
        StringBuilder got = new StringBuilder();
        events.forEach(e -> got.append(ProtoJson.line(e)).append('\n'));
        assertEquals(expected.size(), events.size(), "event count of " + name + ":\n" + got);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(expected.get(i), JSON.readTree(ProtoJson.line(events.get(i))), name + " event " + i);
        }
    }
}
