package io.quiver.ingest.source.datalake;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.ingest.source.LedgerSourceException;

/**
 * A data lake's manifest, {@code .config.json} at its root (SEP-54): the network, and how many
 * ledgers each object holds and how many objects each partition folder holds.
 */
public record DataLakeConfig(String networkPassphrase, int ledgersPerFile, int filesPerPartition, String compression) {

    public static final String FILE_NAME = ".config.json";
    /** Galexie's defaults when the manifest does not say. */
    public static final int DEFAULT_LEDGERS_PER_FILE = 1;
    public static final int DEFAULT_FILES_PER_PARTITION = 64000;

    private static final ObjectMapper JSON = new ObjectMapper();

    public DataLakeConfig {
        if (ledgersPerFile < 1 || filesPerPartition < 1) {
            throw new IllegalArgumentException("ledgersPerFile and filesPerPartition must be positive, were "
                    + ledgersPerFile + " and " + filesPerPartition);
        }
    }

    /** Parses the manifest; {@code where} names it in errors. */
    public static DataLakeConfig parse(byte[] json, String where) throws LedgerSourceException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new LedgerSourceException(where + ": not JSON: " + e.getMessage().split("\n")[0]);
        }
        if (root == null || !root.isObject()) {
            throw new LedgerSourceException(where + ": expected a JSON object");
        }
        JsonNode passphrase = root.get("networkPassphrase");
        if (passphrase == null || !passphrase.isTextual() || passphrase.asText().isBlank()) {
            throw new LedgerSourceException(where + ": field networkPassphrase is missing");
        }
        int perFile = positive(root, "ledgersPerBatch", DEFAULT_LEDGERS_PER_FILE, where);
        int perPartition = positive(root, "batchesPerPartition", DEFAULT_FILES_PER_PARTITION, where);
        JsonNode compression = root.get("compression");
        String c = compression == null ? "zstd" : compression.asText();
        if (!c.equals("zstd")) {
            throw new LedgerSourceException(where + ": field compression is '" + c + "', only zstd is supported");
        }
        return new DataLakeConfig(passphrase.asText(), perFile, perPartition, c);
    }

    private static int positive(JsonNode root, String field, int dflt, String where) throws LedgerSourceException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.canConvertToInt() || n.asInt() < 1) {
            throw new LedgerSourceException(where + ": field " + field + " must be a positive integer, was " + n);
        }
        return n.asInt();
    }

    /** The manifest as Galexie writes it. */
    public String toJson() {
        return "{\"networkPassphrase\":" + quote(networkPassphrase) + ",\"version\":\"1.0\",\"compression\":\""
                + compression + "\",\"ledgersPerBatch\":" + ledgersPerFile + ",\"batchesPerPartition\":"
                + filesPerPartition + "}";
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
