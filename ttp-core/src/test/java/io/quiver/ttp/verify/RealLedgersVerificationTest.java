package io.quiver.ttp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.testing.SharedLedgers;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import io.quiver.ttp.model.TokenTransferEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The derived mode on every real ledger of ../shared/stellar (mainnet, data lake, load tests, RPC,
 * both core-golden forms): every balance change in the ledger entries is explained by the events.
 */
class RealLedgersVerificationTest {

    static Stream<SharedLedgers.LedgerFileCase> files() {
        return SharedLedgers.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void derivedEventsExplainEveryBalanceChange(SharedLedgers.LedgerFileCase file) throws Exception {
        DerivedEventsExtractor extractor = new DerivedEventsExtractor(file.passphrase());
        EventVerifier verifier = new EventVerifier(file.passphrase());
        List<EventVerifier.Mismatch> mismatches = new ArrayList<>();
        int events = 0;
        for (RawLedger raw : LedgerFiles.read(file.path()).ledgers()) {
            LedgerCloseMeta meta = raw.decode();
            List<TokenTransferEvent> got = extractor.extract(meta);
            events += got.size();
            mismatches.addAll(verifier.verify(meta, got));
        }
        assertEquals(List.of(), mismatches.stream().limit(20).map(Object::toString).toList(), file + ": " + mismatches.size() + " mismatches");
        System.out.println(file + ": " + events + " events verified");
    }
}
