package io.quiver.ingest.source.datalake;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object keys of the Galexie layout (stellar/go {@code support/datastore/schema.go}): objects
 * hold {@code ledgersPerFile} ledgers starting at a multiple of it; with more than one object per
 * partition they sit in a folder named for the partition. Names lead with {@code 0xFFFFFFFF - start}
 * in hex so that a lexicographic listing shows the newest first.
 */
public final class DataLakeKeys {

    /** Current objects end {@code .xdr.zst}; older ones {@code .xdr.zstd}. */
    public static final String EXTENSION = ".xdr.zst";
    public static final String OLD_EXTENSION = ".xdr.zstd";

    static final Pattern PARTITION = Pattern.compile("([0-9A-F]{8})--(\\d+)-(\\d+)/");
    static final Pattern OBJECT = Pattern.compile("([0-9A-F]{8})--(\\d+)(?:-(\\d+))?(\\.xdr\\.zstd?)");

    private final int ledgersPerFile;
    private final int filesPerPartition;

    public DataLakeKeys(DataLakeConfig config) {
        this.ledgersPerFile = config.ledgersPerFile();
        this.filesPerPartition = config.filesPerPartition();
    }

    /** The first ledger of the object holding {@code sequence}. */
    public long objectStart(long sequence) {
        return sequence / ledgersPerFile * ledgersPerFile;
    }

    /** The last ledger of the object starting at {@code objectStart}. */
    public long objectEnd(long objectStart) {
        return objectStart + ledgersPerFile - 1;
    }

    public boolean partitioned() {
        return filesPerPartition > 1;
    }

    /** The partition folder of {@code sequence} with its trailing slash, or "" when unpartitioned. */
    public String partition(long sequence) {
        if (!partitioned()) {
            return "";
        }
        long size = (long) ledgersPerFile * filesPerPartition;
        long start = sequence / size * size;
        long end = start + size - 1;
        return String.format(Locale.ROOT, "%08X--%d-%d/", 0xFFFFFFFFL - start, start, end);
    }

    /** The key of the object holding {@code sequence}, with {@code extension}. */
    public String objectKey(long sequence, String extension) {
        long start = objectStart(sequence);
        String file = String.format(Locale.ROOT, "%08X--%d", 0xFFFFFFFFL - start, start);
        if (ledgersPerFile > 1) {
            file += "-" + objectEnd(start);
        }
        return partition(sequence) + file + extension;
    }

    /** The last ledger held by an object named {@code name} (a file name, no folder), or -1 when not an object. */
    public long lastLedgerOf(String name) {
        Matcher m = OBJECT.matcher(name);
        if (!m.matches()) {
            return -1;
        }
        long start = Long.parseLong(m.group(2));
        return m.group(3) != null ? Long.parseLong(m.group(3)) : objectEnd(start);
    }

    /** The extension of an object name, or null when it is not an object. */
    public static String extensionOf(String name) {
        Matcher m = OBJECT.matcher(name);
        return m.matches() ? m.group(4) : null;
    }

    static boolean isPartition(String name) {
        return PARTITION.matcher(name).matches();
    }
}
