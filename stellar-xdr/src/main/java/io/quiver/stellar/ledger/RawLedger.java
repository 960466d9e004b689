package io.quiver.stellar.ledger;

import io.quiver.stellar.xdr.XdrReader;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;

/**
 * One ledger's {@code LedgerCloseMeta} bytes as found in a file, not yet decoded, with where it was
 * found: {@code where} names the file and the position (byte offset of the decompressed stream,
 * line, or JSON index), so any error about it can say where to look.
 */
public record RawLedger(String where, byte[] buffer, int from, int to) {

    public int size() {
        return to - from;
    }

    public byte[] bytes() {
        return from == 0 && to == buffer.length ? buffer : java.util.Arrays.copyOfRange(buffer, from, to);
    }

    /** Decodes the ledger; a bad one is a {@link LedgerFileException} naming where, the XDR type and offset. */
    public LedgerCloseMeta decode() {
        try {
            XdrReader r = new XdrReader(buffer, from, to);
            LedgerCloseMeta m = LedgerCloseMeta.decode(r);
            r.requireEnd("LedgerCloseMeta");
            return m;
        } catch (io.quiver.stellar.xdr.XdrException e) {
            throw new LedgerFileException(where + ": " + e.getMessage(), e);
        }
    }
}
