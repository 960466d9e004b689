package io.quiver.ttp.testledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.ingest.synthetic.MainnetLikeLedgers;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.xdr.XdrJson;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.testing.NodeScripts;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import io.quiver.ttp.model.EventType;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.verify.EventVerifier;
import org.junit.jupiter.api.Test;

/**
 * The demo's generated ledgers: the same seed gives the same bytes; every ledger's token transfer
 * events explain its balance changes (our verifier); headers chain by hash; the mix holds every
 * kind of event at about mainnet's rate; and {@code @stellar/stellar-base} decodes each ledger to
 * the same fields as Quiver's model.
 */
class MainnetLikeLedgersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSPHRASE = NetworkIds.QUIVER_GENERATED;

    private static List<byte[]> chain(long seed, int ledgers, int transactions) {
        MainnetLikeLedgers g = new MainnetLikeLedgers(new MainnetLikeLedgers.Settings(seed, transactions, 2000, PASSPHRASE));
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < ledgers; i++) {
            out.add(g.next());
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() {
        List<byte[]> a = chain(42, 6, 120);
        List<byte[]> b = chain(42, 6, 120);
        List<byte[]> c = chain(43, 6, 120);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "ledger " + i + " of seed 42 differs between two runs");
        }
        assertFalse(java.util.Arrays.equals(a.get(3), c.get(3)), "seeds 42 and 43 gave the same ledger");
    }

    @Test
    void everyLedgerVerifiesChainsAndHoldsTheWholeMix() {
        List<byte[]> ledgers = chain(1, 12, 300);
        DerivedEventsExtractor extractor = new DerivedEventsExtractor(PASSPHRASE);
        EventVerifier verifier = new EventVerifier(PASSPHRASE);
        Map<EventType, Integer> byType = new EnumMap<>(EventType.class);
        int events = 0;
        int custom = 0;
        int muxed = 0;
        int refunds = 0;
        byte[] previousHash = null;
        for (byte[] xdr : ledgers) {
            LedgerCloseMeta meta = LedgerCloseMeta.fromXdr(xdr);
            long seq = meta.v2().ledgerHeader().header().ledgerSeq();
            List<TokenTransferEvent> found = extractor.extract(meta);
            assertEquals(List.of(), verifier.verify(meta, found).stream().map(Object::toString).toList(), "ledger " + seq);
            if (previousHash != null) {
                assertArrayEquals(previousHash, meta.v2().ledgerHeader().header().previousLedgerHash(), "ledger " + seq + " chains");
            }
            previousHash = meta.v2().ledgerHeader().hash();
            int txs = meta.v2().txProcessing().size();
            assertTrue(txs == 300 || txs == 301, txs + " transactions in ledger " + seq);
            events += found.size();
            for (TokenTransferEvent e : found) {
                byType.merge(e.type(), 1, Integer::sum);
                if (e.asset() == null) {
                    custom++;
                }
                if (e.meta().toMuxedInfo() != null) {
                    muxed++;
                }
                if (e.type() == EventType.FEE && e.amount().signum() < 0) {
                    refunds++;
                }
            }
        }
        for (EventType t : List.of(EventType.FEE, EventType.TRANSFER, EventType.MINT, EventType.BURN, EventType.CLAWBACK)) {
            assertTrue(byType.getOrDefault(t, 0) > 0, "no " + t + " events in " + byType);
        }
        assertTrue(custom > 0 && muxed > 0 && refunds > 0, "custom " + custom + ", muxed " + muxed + ", refunds " + refunds);
        double perLedger = events / (double) ledgers.size();
        // mainnet in 2026: about 900 token transfers per ledger of about 300 transactions
        assertTrue(perLedger > 700 && perLedger < 1200, perLedger + " events per ledger, by type " + byType);
    }

    @Test
    void stellarBaseDecodesEachLedgerToTheSameFields() throws Exception {
        List<byte[]> ledgers = chain(5, 4, 300);
        StringBuilder input = new StringBuilder();
        for (byte[] l : ledgers) {
            input.append("LedgerCloseMeta ").append(Base64.getEncoder().encodeToString(l)).append('\n');
        }
        List<String> rendered = NodeScripts.run("@stellar/stellar-base", "xdr/decode.mjs", List.of(), input.toString());
        assertEquals(ledgers.size(), rendered.size());
        for (int i = 0; i < ledgers.size(); i++) {
            JsonNode theirs = JSON.readTree(rendered.get(i));
            assertFalse(theirs.has("error"), "stellar-base cannot decode generated ledger " + i + ": " + theirs.path("error"));
            JsonNode ours = JSON.readTree(XdrJson.render(LedgerCloseMeta.fromXdr(ledgers.get(i))));
            assertEquals(theirs, ours, "stellar-base and Quiver read generated ledger " + i + " differently");
        }
    }
}
