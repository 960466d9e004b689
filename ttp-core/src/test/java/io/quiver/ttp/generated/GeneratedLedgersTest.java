package io.quiver.ttp.generated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import io.quiver.ingest.source.LedgerRange;
import io.quiver.ingest.source.LedgerStream;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.synthetic.GeneratedLedgerSource;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import io.quiver.ttp.model.EventType;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.verify.EventVerifier;
import org.junit.jupiter.api.Test;

/** The generated source's ledgers are valid ledgers: they decode, and their events explain every balance change. */
class GeneratedLedgersTest {

    @Test
    void aBoundedRangeGivesDeterministicLedgersWhoseEventsVerify() throws Exception {
        GeneratedLedgerSource source = new GeneratedLedgerSource(new GeneratedLedgerSource.Settings(5, 7, Duration.ofSeconds(1)));
        DerivedEventsExtractor extractor = new DerivedEventsExtractor(NetworkIds.QUIVER_GENERATED);
        EventVerifier verifier = new EventVerifier(NetworkIds.QUIVER_GENERATED);
        try (LedgerStream s = source.open(LedgerRange.bounded(10, 14))) {
            for (long seq = 10; seq <= 14; seq++) {
                SourcedLedger l = (SourcedLedger) s.next();
                assertEquals(seq, l.sequence());
                assertArrayEquals(source.ledger(seq), l.xdr(), "the same sequence gives the same bytes");
                LedgerCloseMeta meta = new RawLedger(l.where(), l.xdr(), 0, l.xdr().length).decode();
                LedgerView view = new LedgerView(meta);
                assertEquals(seq, view.sequence());
                assertEquals(23, view.protocolVersion());
                assertEquals(7, view.transactionCount());
                List<TokenTransferEvent> events = extractor.extract(meta);
                assertEquals(7, events.stream().filter(e -> e.type() == EventType.FEE).count());
                assertEquals(7, events.stream().filter(e -> e.type() == EventType.TRANSFER).count());
                assertEquals(List.of(), verifier.verify(meta, events), "events explain every balance change");
            }
            assertNull(s.next());
        }
        assertTrue(!java.util.Arrays.equals(source.ledger(10), source.ledger(11)), "ledgers differ");
    }

    @Test
    void followingTheTipMakesOneLedgerPerInterval() throws Exception {
        GeneratedLedgerSource source = new GeneratedLedgerSource(new GeneratedLedgerSource.Settings(5, 1, Duration.ofMillis(300)));
        try (LedgerStream s = source.open(LedgerRange.following(500))) {
            long t0 = System.nanoTime();
            assertEquals(500, s.next().first(), "the first ledger asked for is there at once (a restart does not wait)");
            assertEquals(501, s.next().first());
            assertEquals(502, s.next().first());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 500, "paced by the interval: " + ms + " ms for two more ledgers");
        }
    }
}
