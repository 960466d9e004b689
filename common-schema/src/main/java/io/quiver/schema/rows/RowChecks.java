package io.quiver.schema.rows;

/** Argument checks shared by the row records. */
final class RowChecks {

    private RowChecks() {
    }

    /** {@code hash} must be present and 32 bytes long (SHA-256 hashes, network ids). */
    static void requireHash32(byte[] hash, String name) {
        if (hash == null) {
            throw new NullPointerException(name);
        }
        if (hash.length != 32) {
            throw new IllegalArgumentException(name + " must be 32 bytes, was " + hash.length);
        }
    }
}
