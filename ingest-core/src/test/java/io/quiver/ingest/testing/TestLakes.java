package io.quiver.ingest.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.source.datalake.DataLakeConfig;
import io.quiver.ingest.source.datalake.DataLakeWriter;
import io.quiver.ingest.source.datalake.ObjectStore;
import io.quiver.ingest.synthetic.LedgerResequencer;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.testing.Environment;
import io.quiver.testing.SharedLedgers;

/** Data lakes for tests, built from the real objects and ledgers in {@code ../shared/stellar}. */
public final class TestLakes {

    /** The three testnet objects of {@code galexie-testbucket}: ledgers 997, 998, 999. */
    public static final long FIRST = 997;
    public static final long LAST = 999;

    private TestLakes() {
    }

    public static Path galexieTestBucket() {
        return Environment.sharedStellar().resolve("galexie-testbucket");
    }

    /**
     * Puts the real objects into {@code store} under their own names (one ledger per object, no
     * partition folders) with a manifest naming testnet.
     */
    public static void copyTestBucket(ObjectStore store) throws IOException {
        store.put(DataLakeConfig.FILE_NAME, new DataLakeConfig(SharedLedgers.TESTNET, 1, 1, "zstd").toJson().getBytes());
        try (var files = Files.list(galexieTestBucket())) {
            for (Path f : files.sorted().toList()) {
                store.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
    }

    /** The ledgers of the test bucket, as the objects hold them, by sequence 997..999. */
    public static List<SourcedLedger> testBucketLedgers() throws IOException {
        List<SourcedLedger> out = new ArrayList<>();
        for (long seq = FIRST; seq <= LAST; seq++) {
            Path f = galexieTestBucket().resolve(String.format("%08X--%d.xdr.zstd", 0xFFFFFFFFL - seq, seq));
            RawLedger raw = LedgerFiles.read(f).ledgers().get(0);
            out.add(new SourcedLedger(seq, raw.bytes(), f.toString()));
        }
        return out;
    }

    /** The real ledgers' XDR, for resequencing: the test bucket's three, the mainnet five. */
    public static List<byte[]> templates() throws IOException {
        List<byte[]> out = new ArrayList<>();
        testBucketLedgers().forEach(l -> out.add(l.xdr()));
        for (RawLedger r : LedgerFiles.read(Environment.sharedStellar().resolve("mainnet/ttp-example-ledgers-base64.txt")).ledgers()) {
            out.add(r.bytes());
        }
        return out;
    }

    /** A lake of {@code count} resequenced real ledgers from {@code first}, in Galexie's partitioned layout. */
    public static List<SourcedLedger> writeLake(ObjectStore store, DataLakeConfig config, List<byte[]> templates, long first,
                                                int count) throws IOException {
        List<SourcedLedger> ledgers = LedgerResequencer.sequence(templates, first, count);
        DataLakeWriter w = new DataLakeWriter(store, config);
        w.writeConfig();
        w.write(ledgers);
        return ledgers;
    }
}
