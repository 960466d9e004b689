package io.quiver.ttp.pipeline;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.quiver.stellar.NetworkIds;

/**
 * Network id (SHA-256 of the passphrase, as {@code StellarLedger.network_id} carries it) back to
 * the passphrase the extractors need: the public networks, Quiver's generated ledgers, plus any
 * configured ones.
 */
public final class NetworkPassphrases {

    public static final List<String> KNOWN = List.of(
            "Public Global Stellar Network ; September 2015",
            "Test SDF Network ; September 2015",
            "Test SDF Future Network ; October 2022",
            "Standalone Network ; February 2017",
            NetworkIds.QUIVER_GENERATED);

    private final Map<String, String> byId = new HashMap<>();

    public NetworkPassphrases(List<String> extra) {
        KNOWN.forEach(this::add);
        extra.forEach(this::add);
    }

    private void add(String passphrase) {
        byId.put(HexFormat.of().formatHex(NetworkIds.networkId(passphrase)), passphrase);
    }

    /** The passphrase of {@code networkId}; an unknown id is an error saying how to configure it. */
    public String of(byte[] networkId) {
        String hex = HexFormat.of().formatHex(networkId);
        String p = byId.get(hex);
        if (p == null) {
            throw new IllegalArgumentException("network id " + hex + " is not a known network: add its passphrase to "
                    + "quiver.ttp.network-passphrases");
        }
        return p;
    }
}
