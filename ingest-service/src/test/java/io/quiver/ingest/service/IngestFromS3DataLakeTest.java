package io.quiver.ingest.service;

import java.util.List;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.testing.TestLakes;

@QuarkusTest
@TestProfile(IngestSources.S3Lake.class)
class IngestFromS3DataLakeTest extends IngestEndToEndTestBase {

    @Override
    List<byte[]> expectedLedgers() throws Exception {
        return TestLakes.testBucketLedgers().stream().map(SourcedLedger::xdr).toList();
    }

    @Override
    String expectedSource() {
        return "datalake";
    }
}
