package io.quiver.stellar.xdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.stellar.ledger.LedgerFileContent;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.testing.SharedLedgers;
import io.quiver.stellar.xdr.model.XdrTypes;
import io.quiver.xdrgen.XdrModel;
import io.quiver.xdrgen.XdrShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Quiver's XDR model against an independent implementation, npm @stellar/stellar-base 15: the
 * same type structure, the same rendering of every real ledger field by field, and random
 * instances of every type (encoded by stellar-base) decoding and re-encoding identically.
 */
class StellarBaseCrossCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROOTS = List.of("LedgerCloseMeta", "LedgerCloseMetaBatch");

    @Test
    void everyTypeHasTheSameStructureAsStellarBase() throws Exception {
        List<String> ours = new XdrShape(XdrModel.load(Path.of("src/main/xdr"))).lines(ROOTS);
        List<String> theirs = StellarBaseNode.run("shape.mjs", ROOTS, null);
        assertEquals(theirs.size(), ours.size(), "number of types reachable from " + ROOTS);
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(theirs.get(i), ours.get(i), "type structure differs");
        }
        assertEquals(ours.size(), XdrTypes.all().size(), "every defined type is reachable from the roots");
    }

    @Test
    void everyRealLedgerRendersTheSameAsStellarBase() throws Exception {
        List<String> names = new ArrayList<>();
        StringBuilder input = new StringBuilder();
        List<byte[]> payloads = new ArrayList<>();
        for (Path file : SharedLedgers.files()) {
            LedgerFileContent content = LedgerFiles.read(file);
            for (RawLedger raw : content.ledgers()) {
                names.add(raw.where());
                payloads.add(raw.bytes());
                input.append("LedgerCloseMeta ").append(Base64.getEncoder().encodeToString(raw.bytes())).append('\n');
            }
        }
        List<String> rendered = StellarBaseNode.run("decode.mjs", List.of(), input.toString());
        assertEquals(payloads.size(), rendered.size());
        for (int i = 0; i < payloads.size(); i++) {
            JsonNode theirs = JSON.readTree(rendered.get(i));
            assertNull(theirs.get("error"), names.get(i) + ": stellar-base failed: " + theirs.get("error"));
            JsonNode ours = JSON.readTree(io.quiver.stellar.xdr.model.LedgerCloseMeta.fromXdr(payloads.get(i)).toString());
            assertNull(StellarBaseNode.firstDifference(theirs, ours, "LedgerCloseMeta"), names.get(i) + " differs");
        }
        assertEquals(65, payloads.size(), "ledgers in the 58 files of ../shared/stellar");
    }

    @Test
    void randomInstancesOfEveryTypeRoundTrip() throws Exception {
        long seed = Long.getLong("quiver.xdr.seed", 20261122L);
        List<String> lines = StellarBaseNode.run("random.mjs", List.of("12", String.valueOf(seed), ROOTS.get(0), ROOTS.get(1)), null);
        Map<String, Integer> perType = new TreeMap<>();
        for (String line : lines) {
            String[] parts = line.split(" ", 3);
            String type = parts[0];
            byte[] xdr = Base64.getDecoder().decode(parts[1]);
            String where = type + " (seed " + seed + ") " + parts[1];
            XdrElement value = XdrTypes.get(type).fromXdr(xdr);
            assertArrayEquals(xdr, value.toXdr(), where + " re-encodes differently");
            assertNull(StellarBaseNode.firstDifference(JSON.readTree(parts[2]), JSON.readTree(XdrJson.render(value)), type), where);
            XdrReader r = new XdrReader(xdr);
            XdrTypes.get(type).skipper().accept(r);
            assertEquals(xdr.length, r.position(), where + ": skip");
            perType.merge(type, 1, Integer::sum);
        }
        assertEquals(new TreeSet<>(XdrTypes.all().keySet()), perType.keySet(), "every type of the model was exercised");
        perType.forEach((t, n) -> assertEquals(12, n, t));
    }
}
