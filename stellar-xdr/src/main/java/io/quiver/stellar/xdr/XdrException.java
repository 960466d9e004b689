package io.quiver.stellar.xdr;

/**
 * Input that is not valid XDR of the expected type. The message is one line naming the XDR type and
 * the byte offset, so a bad file is located without a stack trace.
 */
public final class XdrException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final long offset;

    public XdrException(String type, long offset, String problem) {
        super("XDR " + type + " at byte " + offset + ": " + problem);
        this.type = type;
        this.offset = offset;
    }

    public String type() {
        return type;
    }

    public long offset() {
        return offset;
    }
}
