package io.quiver.ttp.stellar;

import io.quiver.stellar.NetworkIds;
import io.quiver.ttp.model.Asset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** XDR assets as event assets, and their Stellar Asset Contract ids (cached: the same few assets recur). */
public final class Assets {

    private final String passphrase;
    private final Map<Asset, String> sacIds = new HashMap<>();

    public Assets(String passphrase) {
        this.passphrase = passphrase;
    }

    public static Asset of(io.quiver.stellar.xdr.model.Asset a) {
        return switch (a.discriminant()) {
            case ASSET_TYPE_NATIVE -> Asset.NATIVE;
            case ASSET_TYPE_CREDIT_ALPHANUM4 -> Asset.issued(code(a.alphaNum4().assetCode()), Addresses.account(a.alphaNum4().issuer()));
            case ASSET_TYPE_CREDIT_ALPHANUM12 -> Asset.issued(code(a.alphaNum12().assetCode()), Addresses.account(a.alphaNum12().issuer()));
            default -> throw new IllegalArgumentException("not a transferable asset: " + a.discriminant());
        };
    }

    /** Asset codes are NUL-padded to 4 or 12 bytes; events and table rows carry them trimmed. */
    public static String code(byte[] padded) {
        int n = padded.length;
        while (n > 0 && padded[n - 1] == 0) {
            n--;
        }
        return new String(padded, 0, n, StandardCharsets.US_ASCII);
    }

    public String contractId(Asset asset) {
        return sacIds.computeIfAbsent(asset, a -> a.isNative() ? NetworkIds.nativeAssetContract(passphrase)
                : NetworkIds.issuedAssetContract(passphrase, a.code(), a.issuer()));
    }
}
