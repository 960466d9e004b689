package io.quiver.ingest.synthetic;

import java.util.ArrayList;
import java.util.List;

import io.quiver.ingest.source.SourcedLedger;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.xdr.XdrReader;
import io.quiver.stellar.xdr.XdrWriter;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.stellar.xdr.model.LedgerHeader;

/**
 * Makes any number of ledgers from a few real ones by rewriting the {@code ledgerSeq} field of the
 * header in place (the rest stays byte for byte real; the header hash no longer matches, which
 * nothing on the ingest path checks). For lakes of many ledgers in tests and benchmarks.
 */
public final class LedgerResequencer {

    private LedgerResequencer() {
    }

    /** {@code count} ledgers numbered from {@code first}, cycling through {@code templates}. */
    public static List<SourcedLedger> sequence(List<byte[]> templates, long first, int count) {
        List<SourcedLedger> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long seq = first + i;
            out.add(new SourcedLedger(seq, withSequence(templates.get(i % templates.size()), seq), "resequenced ledger " + seq));
        }
        return out;
    }

    /** A copy of {@code lcm} whose header says ledger {@code sequence}. */
    public static byte[] withSequence(byte[] lcm, long sequence) {
        LedgerCloseMeta meta = LedgerCloseMeta.decode(new XdrReader(lcm));
        LedgerHeader h = new LedgerView(meta).header().header();
        byte[] header = encode(h::encode);
        int at = indexOf(lcm, header);
        if (at < 0) {
            throw new IllegalStateException("header bytes not found in the ledger");
        }
        // ledgerVersion, previousLedgerHash, scpValue, txSetResultHash, bucketListHash, then ledgerSeq
        int seqAt = at + 4 + 32 + encode(h.scpValue()::encode).length + 32 + 32;
        byte[] copy = lcm.clone();
        copy[seqAt] = (byte) (sequence >>> 24);
        copy[seqAt + 1] = (byte) (sequence >>> 16);
        copy[seqAt + 2] = (byte) (sequence >>> 8);
        copy[seqAt + 3] = (byte) sequence;
        return copy;
    }

    private static byte[] encode(java.util.function.Consumer<XdrWriter> encoder) {
        XdrWriter w = new XdrWriter();
        encoder.accept(w);
        return w.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= Math.min(hay.length, 4096); i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
