package io.quiver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every ledger file of {@code ../shared/stellar} with the passphrase of its network (from its README). */
public final class SharedLedgers {

    public static final String CORE_TESTS = "(V) (;,,;) (V)";
    public static final String PUBNET = "Public Global Stellar Network ; September 2015";
    public static final String TESTNET = "Test SDF Network ; September 2015";
    public static final String LOAD_TEST = "load test network";

    public record LedgerFileCase(Path path, String passphrase) {
        @Override
        public String toString() {
            return path.getParent().getFileName() + "/" + path.getFileName();
        }
    }

    private SharedLedgers() {
    }

    public static List<LedgerFileCase> all() {
        Path root = Environment.sharedStellar();
        List<LedgerFileCase> out = new ArrayList<>();
        add(out, root.resolve("core-golden/input-no-events"), CORE_TESTS);
        add(out, root.resolve("core-golden/unified-events"), CORE_TESTS);
        add(out, root.resolve("mainnet"), PUBNET);
        add(out, root.resolve("galexie-testbucket"), TESTNET);
        add(out, root.resolve("synthetic-soroban-loadtest"), LOAD_TEST);
        add(out, root.resolve("rpc-json"), TESTNET);
        return out;
    }

    public static List<Path> files() {
        return all().stream().map(LedgerFileCase::path).toList();
    }

    /** The files whose ledgers are at protocol 21 or older (what stellar-sdk 0.44.0 understands). */
    public static List<LedgerFileCase> protocol21OrOlder() {
        List<LedgerFileCase> out = new ArrayList<>();
        for (LedgerFileCase c : all()) {
            String n = c.path().getFileName().toString();
            boolean coreOld = n.matches("ledger-close-meta-v[01]-protocol-(\\d|1\\d|20)(-soroban)?\\.xdr");
            boolean other = n.endsWith(".txt") || n.startsWith("FFFFFC") || n.startsWith("java-stellar-sdk");
            if (coreOld && c.path().getParent().getFileName().toString().equals("input-no-events") || other) {
                out.add(c);
            }
        }
        return out;
    }

    private static void add(List<LedgerFileCase> out, Path dir, String passphrase) {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).sorted().forEach(p -> out.add(new LedgerFileCase(p, passphrase)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
