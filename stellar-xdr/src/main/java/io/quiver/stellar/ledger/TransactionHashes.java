package io.quiver.stellar.ledger;

import io.quiver.stellar.xdr.XdrWriter;
import io.quiver.stellar.xdr.model.EnvelopeType;
import io.quiver.stellar.xdr.model.TransactionEnvelope;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Transaction hashes: sha256(network id || envelope type || transaction). A v0 envelope hashes as
 * the v1 transaction it stands for: ENVELOPE_TYPE_TX, then the ed25519 key-type word, then the v0
 * body, whose bytes are exactly those of the v1 form (an optional TimeBounds encodes like
 * PRECOND_NONE / PRECOND_TIME).
 */
public final class TransactionHashes {

    private TransactionHashes() {
    }

    public static byte[] hash(byte[] networkId, TransactionEnvelope envelope) {
        if (networkId.length != 32) {
            throw new IllegalArgumentException("a network id has 32 bytes, got " + networkId.length);
        }
        XdrWriter w = new XdrWriter(1024);
        w.writeFixedOpaque(networkId);
        switch (envelope.discriminant()) {
            case ENVELOPE_TYPE_TX_V0 -> {
                w.writeInt(EnvelopeType.ENVELOPE_TYPE_TX.value());
                w.writeInt(0); // KEY_TYPE_ED25519: the source account as a MuxedAccount
                envelope.v0().tx().encode(w);
            }
            case ENVELOPE_TYPE_TX -> {
                w.writeInt(EnvelopeType.ENVELOPE_TYPE_TX.value());
                envelope.v1().tx().encode(w);
            }
            default -> {
                w.writeInt(EnvelopeType.ENVELOPE_TYPE_TX_FEE_BUMP.value());
                envelope.feeBump().tx().encode(w);
            }
        }
        return sha256(w.toByteArray());
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
