package io.quiver.ingest.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.quiver.ingest.source.LedgerSource;
import io.quiver.ingest.source.datalake.DataLakeSource;
import io.quiver.ingest.source.datalake.LocalObjectStore;
import io.quiver.ingest.source.datalake.ObjectStore;
import io.quiver.ingest.source.datalake.S3ObjectStore;
import io.quiver.ingest.source.files.FileLedgerSource;
import io.quiver.ingest.source.rpc.RpcLedgerSource;
import io.quiver.ingest.synthetic.GeneratedLedgerSource;

/** Builds the configured {@link LedgerSource}; a missing setting is a one-line error naming it. */
final class LedgerSourceFactory {

    private LedgerSourceFactory() {
    }

    static LedgerSource create(IngestSettings s) throws IOException, InterruptedException {
        return switch (s.source()) {
            case DATALAKE -> {
                String location = s.datalake().location().orElseThrow(() -> missing("quiver.ingest.datalake.location"));
                ObjectStore store = location.startsWith("s3://")
                        ? new S3ObjectStore(S3ObjectStore.parse(location, s.datalake().s3Region(), s.datalake().s3Endpoint(),
                                s.datalake().s3Anonymous()))
                        : new LocalObjectStore(Path.of(location));
                yield DataLakeSource.open(store, new DataLakeSource.Settings(s.datalake().prefetch(),
                        s.datalake().pollInterval(), s.onCorrupt(), s.datalake().fetchAttempts()),
                        s.networkPassphrase());
            }
            case RPC -> {
                var r = s.rpc();
                yield RpcLedgerSource.open(new RpcLedgerSource.Settings(r.url().orElseThrow(() -> missing("quiver.ingest.rpc.url")),
                        r.pageSize(), r.maxAttempts(), r.backoff(), r.pollInterval(), r.timeout(), s.networkPassphrase()));
            }
            case GENERATED -> {
                var g = s.generated();
                yield new GeneratedLedgerSource(new GeneratedLedgerSource.Settings(g.accounts(), g.payments(), g.interval()));
            }
            case FILES -> {
                List<Path> paths = s.files().paths().orElseThrow(() -> missing("quiver.ingest.files.paths"));
                String passphrase = s.networkPassphrase().orElseThrow(() -> missing("quiver.ingest.network-passphrase"));
                yield new FileLedgerSource(paths, passphrase, s.files().pollInterval(), s.onCorrupt());
            }
            case NONE -> throw new IllegalArgumentException("quiver.ingest.source is none: nothing to open");
        };
    }

    private static IllegalArgumentException missing(String key) {
        return new IllegalArgumentException(key + " is required for quiver.ingest.source");
    }
}
