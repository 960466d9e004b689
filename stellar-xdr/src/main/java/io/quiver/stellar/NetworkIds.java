package io.quiver.stellar;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Network ids and the ids derived from them: a network id is sha256 of the passphrase; a Stellar
 * Asset Contract id is sha256 of the XDR {@code HashIDPreimage} (type ENVELOPE_TYPE_CONTRACT_ID = 8,
 * the network id, ContractIDPreimage type FROM_ASSET = 1, then the XDR {@code Asset}).
 */
public final class NetworkIds {

    /** The passphrase of the ledgers Quiver generates itself (ingest's {@code generated} source). */
    public static final String QUIVER_GENERATED = "Quiver generated ledgers ; 2026";

    private static final int ENVELOPE_TYPE_CONTRACT_ID = 8;
    private static final int CONTRACT_ID_PREIMAGE_FROM_ASSET = 1;
    private static final int ASSET_TYPE_NATIVE = 0;
    private static final int ASSET_TYPE_CREDIT_ALPHANUM4 = 1;
    private static final int ASSET_TYPE_CREDIT_ALPHANUM12 = 2;
    private static final int PUBLIC_KEY_TYPE_ED25519 = 0;

    private NetworkIds() {
    }

    public static byte[] networkId(String passphrase) {
        return sha256(passphrase.getBytes(StandardCharsets.UTF_8));
    }

    /** The C... id of the native asset's Stellar Asset Contract on a network. */
    public static String nativeAssetContract(String passphrase) {
        ByteBuffer asset = ByteBuffer.allocate(4).putInt(ASSET_TYPE_NATIVE);
        return assetContract(passphrase, asset.array());
    }

    /** The C... id of an issued asset's Stellar Asset Contract ({@code code} 1-12 characters, G... issuer). */
    public static String issuedAssetContract(String passphrase, String code, String issuer) {
        if (code.isEmpty() || code.length() > 12) {
            throw new IllegalArgumentException("asset code '" + code + "' must have 1 to 12 characters");
        }
        byte[] key = StrKey.decode(StrKey.Kind.ACCOUNT, issuer);
        boolean four = code.length() <= 4;
        byte[] padded = new byte[four ? 4 : 12];
        byte[] chars = code.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chars, 0, padded, 0, chars.length);
        ByteBuffer asset = ByteBuffer.allocate(4 + padded.length + 4 + 32)
                .putInt(four ? ASSET_TYPE_CREDIT_ALPHANUM4 : ASSET_TYPE_CREDIT_ALPHANUM12)
                .put(padded)
                .putInt(PUBLIC_KEY_TYPE_ED25519)
                .put(key);
        return assetContract(passphrase, asset.array());
    }

    private static String assetContract(String passphrase, byte[] assetXdr) {
        ByteBuffer preimage = ByteBuffer.allocate(4 + 32 + 4 + assetXdr.length)
                .putInt(ENVELOPE_TYPE_CONTRACT_ID)
                .put(networkId(passphrase))
                .putInt(CONTRACT_ID_PREIMAGE_FROM_ASSET)
                .put(assetXdr);
        return StrKey.encode(StrKey.Kind.CONTRACT, sha256(preimage.array()));
    }

    /** The id of the contract a {@code ContractIDPreimage} (given as XDR) creates on the network {@code networkId}. */
    public static byte[] contractId(byte[] networkId, byte[] contractIdPreimageXdr) {
        ByteBuffer preimage = ByteBuffer.allocate(4 + 32 + contractIdPreimageXdr.length)
                .putInt(ENVELOPE_TYPE_CONTRACT_ID)
                .put(networkId)
                .put(contractIdPreimageXdr);
        return sha256(preimage.array());
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
