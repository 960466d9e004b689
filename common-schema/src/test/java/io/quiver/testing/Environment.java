package io.quiver.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Where tests find what lives outside the module: the repository root, the shared test data
 * ({@code ../shared} beside the checkout) and Node packages installed by {@code .ci/run}. When
 * something is missing a test says so; under CI ({@code CI=true}) it fails instead of skipping.
 */
public final class Environment {

    private Environment() {
    }

    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static Path repoDir() {
        String p = System.getProperty("quiver.repo.dir");
        if (p != null) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.exists(here.resolve("quiver"))) {
            here = here.getParent();
        }
        if (here == null) {
            throw new IllegalStateException("cannot find the repository root (no 'quiver' launcher above " + Path.of("").toAbsolutePath() + ")");
        }
        return here;
    }

    /** {@code ../shared/stellar} beside the checkout, or a clear skip (a failure under CI). */
    public static Path sharedStellar() {
        String p = System.getProperty("quiver.shared.dir");
        Path shared = p != null ? Path.of(p) : repoDir().resolve("../shared");
        Path stellar = shared.resolve("stellar").toAbsolutePath().normalize();
        require(Files.isDirectory(stellar), "the shared Stellar test ledgers are missing: expected " + stellar
                + " (the read-only ../shared folder beside the checkout)");
        return stellar;
    }

    /** Debian's Chromium for the browser tests, or a clear skip (a failure under CI). */
    public static Path chromium() {
        Path chromium = Path.of("/usr/bin/chromium");
        require(Files.isExecutable(chromium), "Chromium is not installed at " + chromium + " (apt-get install chromium; .ci/run does)");
        return chromium;
    }

    /** {@code clients/node} with its node_modules, installed by {@code .ci/run} or {@code npm ci}. */
    public static Path nodeClient() {
        Path dir = repoDir().resolve("clients/node");
        require(Files.isDirectory(dir.resolve("node_modules/apache-arrow")) && Files.isDirectory(dir.resolve("node_modules/kafkajs")),
                "Node packages are not installed in " + dir + ": run 'npm ci --prefix clients/node' (.ci/run does)");
        return dir;
    }

    /** {@code clients/node} with the given npm package installed (by {@code .ci/run} or {@code npm ci}). */
    public static Path nodePackage(String npmPackage) {
        Path dir = repoDir().resolve("clients/node");
        require(Files.isDirectory(dir.resolve("node_modules").resolve(npmPackage)),
                "the npm package " + npmPackage + " is not installed in " + dir + ": run 'npm ci --prefix clients/node' (.ci/run does)");
        return dir;
    }

    private static void require(boolean ok, String message) {
        if (ok) {
            return;
        }
        if (underCi()) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }
}
