package io.quiver.ingest.source.datalake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.github.luben.zstd.Zstd;
import io.quiver.ingest.source.SourcedLedger;

/**
 * Writes ledgers in the Galexie layout: the manifest, then one zstd {@code LedgerCloseMetaBatch}
 * object per {@code ledgersPerFile} ledgers under the keys {@link DataLakeKeys} gives. Used to
 * build lakes for tests and benchmarks, and to export ledgers for other Galexie readers.
 */
public final class DataLakeWriter {

    private final ObjectStore store;
    private final DataLakeConfig config;
    private final DataLakeKeys keys;

    public DataLakeWriter(ObjectStore store, DataLakeConfig config) {
        this.store = store;
        this.config = config;
        this.keys = new DataLakeKeys(config);
    }

    public void writeConfig() throws IOException {
        store.put(DataLakeConfig.FILE_NAME, config.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes consecutive ledgers making up whole objects; returns the number of objects written. */
    public int write(List<SourcedLedger> ledgers) throws IOException {
        int objects = 0;
        int i = 0;
        while (i < ledgers.size()) {
            long start = ledgers.get(i).sequence();
            if (keys.objectStart(start) != start) {
                throw new IllegalArgumentException("ledger " + start + " does not start an object of " + config.ledgersPerFile());
            }
            int n = config.ledgersPerFile();
            if (i + n > ledgers.size()) {
                throw new IllegalArgumentException("ledgers " + start + ".. do not fill an object of " + n);
            }
            List<SourcedLedger> part = ledgers.subList(i, i + n);
            for (int k = 0; k < n; k++) {
                if (part.get(k).sequence() != start + k) {
                    throw new IllegalArgumentException("ledger " + part.get(k).sequence() + " where " + (start + k) + " was expected");
                }
            }
            store.put(keys.objectKey(start, DataLakeKeys.EXTENSION), object(start, part));
            objects++;
            i += n;
        }
        return objects;
    }

    /** zstd of the XDR {@code LedgerCloseMetaBatch{startSequence, endSequence, ledgerCloseMetas<>}}. */
    static byte[] object(long start, List<SourcedLedger> ledgers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, start);
        writeInt(out, start + ledgers.size() - 1);
        writeInt(out, ledgers.size());
        for (SourcedLedger l : ledgers) {
            out.writeBytes(l.xdr());
        }
        return Zstd.compress(out.toByteArray(), 3);
    }

    private static void writeInt(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24) & 0xff);
        out.write((int) (v >>> 16) & 0xff);
        out.write((int) (v >>> 8) & 0xff);
        out.write((int) v & 0xff);
    }
}
