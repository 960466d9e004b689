package io.quiver.ttp.model;

/** Where inside an account a payment went: exactly one of text, id (unsigned 64-bit) or a 32-byte hash. */
public record MuxedInfo(String text, Long id, byte[] hash) {

    public static MuxedInfo ofId(long id) {
        return new MuxedInfo(null, id, null);
    }

    public static MuxedInfo ofText(String text) {
        return new MuxedInfo(text, null, null);
    }

    public static MuxedInfo ofHash(byte[] hash) {
        return new MuxedInfo(null, null, hash);
    }
}
