package io.quiver.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code quiver} shell script itself, run by bash on a built-looking copy of the tree (nothing is built or started). */
class QuiverScriptTest {

    static final List<String> SERVICES = List.of("ingest-service", "ttp-service", "llo-service", "sink-service");

    @TempDir
    Path root;

    private void touch(Path p, Instant when) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[0]);
        Files.setLastModifiedTime(p, FileTime.from(when));
    }

    @Test
    void devRunsTheServiceItNamesForEachOfTheFour() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).resolve("../../quiver").normalize();
        Files.copy(script, root.resolve("quiver"));
        Instant old = Instant.now().minusSeconds(3600);
        for (String s : SERVICES) {
            touch(root.resolve(s + "/src/main/resources/application.properties"), old);
            touch(root.resolve(s + "/target/quarkus-app/quarkus-run.jar"), old);
        }
        touch(root.resolve("benchmarks/target/quiver-benchmarks-0.1.0-SNAPSHOT.jar"), old);
        // built after the sources: the build check walks every service and finds nothing to do
        touch(root.resolve("deploy/launcher/target/quiver-launcher.jar"), Instant.now());
        for (String s : SERVICES) {
            ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("quiver").toString(), "dev", s).redirectErrorStream(true);
            pb.environment().put("QUIVER_DRY_RUN", "1");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, p.waitFor(), out);
            assertTrue(out.contains(" -f " + root.resolve(s + "/pom.xml") + " ") && out.endsWith("quarkus:dev"), s + ": " + out);
        }
    }
}
