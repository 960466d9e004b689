package io.quiver.launcher;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of the commands that read ledger files of one network ({@code ttp}, {@code tables}):
 * {@code --network P} (a passphrase or a short name), the files, and the flags the command allows.
 */
record NetworkFiles(String passphrase, List<String> files, Set<String> flags) {

    /** Short names for the public networks' passphrases (any other value is taken as the passphrase). */
    static final Map<String, String> NETWORKS = Map.of(
            "pubnet", "Public Global Stellar Network ; September 2015",
            "testnet", "Test SDF Network ; September 2015",
            "futurenet", "Test SDF Future Network ; October 2022");

    /** {@code args} from index {@code from}; a missing network or file, or an unknown option, is a usage error. */
    static NetworkFiles parse(List<String> args, int from, Set<String> allowedFlags, String usage) {
        String passphrase = null;
        List<String> files = new ArrayList<>();
        Set<String> flags = new HashSet<>();
        for (int i = from; i < args.size(); i++) {
            String a = args.get(i);
            if (allowedFlags.contains(a)) {
                flags.add(a);
            } else if (a.equals("--network") && i + 1 < args.size()) {
                passphrase = args.get(++i);
            } else if (a.startsWith("--network=")) {
                passphrase = a.substring("--network=".length());
            } else if (a.startsWith("--")) {
                throw new UsageException("unknown option " + a + "\n" + usage);
            } else {
                files.add(a);
            }
        }
        if (passphrase == null || passphrase.isEmpty() || files.isEmpty()) {
            throw new UsageException(usage + "\n  (files: " + LedgerInputs.FORMS + ")");
        }
        return new NetworkFiles(NETWORKS.getOrDefault(passphrase, passphrase), files, flags);
    }
}
