package io.quiver.ttp.testledger;

import io.quiver.ingest.synthetic.SyntheticLedger;

/** Ledger 1000 of the tests' own network, built with {@link SyntheticLedger}; plus the event-model asset helper. */
public final class TestLedger extends SyntheticLedger {

    public static final String PASSPHRASE = "Quiver test ledgers ; 2026";

    public TestLedger(int protocol) {
        super(protocol, 1000, 1_750_000_000L, PASSPHRASE);
    }

    public static io.quiver.ttp.model.Asset eventAsset(String code, byte[] issuer) {
        return io.quiver.ttp.model.Asset.issued(code, g(issuer));
    }
}
