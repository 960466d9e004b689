package io.quiver.ingest.source;

import java.io.IOException;
import java.util.OptionalLong;

/** Where ledgers come from: a data lake (disk or S3), a Stellar RPC node, or files. */
public interface LedgerSource extends AutoCloseable {

    /** Ledgers of {@code range}, in order; bounded ranges end, others follow the tip. */
    LedgerStream open(LedgerRange range) throws IOException;

    /**
     * Where a run starts when the instance has no checkpoint and no start ledger was given: the
     * first ledger of a set of files, the first generated ledger; empty where no default makes sense.
     */
    default OptionalLong defaultStart() throws IOException {
        return OptionalLong.empty();
    }

    /** The newest ledger the source holds now (for lag), or -1 when it holds none. */
    long latestLedger() throws IOException;

    /** The network passphrase of the ledgers, as the source declares it or as configured. */
    String networkPassphrase();

    /** Short name for the {@code source} column and metrics: {@code datalake}, {@code rpc} or {@code file}. */
    String kind();

    /** Where it reads, for logs and errors (path, bucket and prefix, URL). */
    String describe();

    @Override
    void close();
}
