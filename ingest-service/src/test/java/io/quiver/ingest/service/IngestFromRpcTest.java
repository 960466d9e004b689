package io.quiver.ingest.service;

import java.util.List;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.testing.Environment;

@QuarkusTest
@TestProfile(IngestSources.Rpc.class)
class IngestFromRpcTest extends IngestEndToEndTestBase {

    @Override
    List<byte[]> expectedLedgers() throws Exception {
        return LedgerFiles.read(Environment.sharedStellar().resolve("rpc-json/stellar-docs-openrpc-getLedgers-example.json"))
                .ledgers().stream().map(RawLedger::bytes).toList();
    }

    @Override
    String expectedSource() {
        return "rpc";
    }
}
