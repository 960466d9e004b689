package io.quiver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of {@code clients/node} (the independent implementations the tests compare
 * against) with files for stdin, stdout and stderr, so large inputs and outputs cannot block the
 * pipe. Without the npm package the test is skipped with a message, and fails under CI.
 */
public final class NodeScripts {

    private NodeScripts() {
    }

    /** Runs {@code node SCRIPT args} in clients/node with {@code stdin}; its stdout lines. */
    public static List<String> run(String npmPackage, String script, List<String> args, String stdin)
            throws IOException, InterruptedException {
        Path dir = Environment.nodePackage(npmPackage);
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(args);
        Path in = Files.createTempFile("quiver-node-in", ".txt");
        Path err = Files.createTempFile("quiver-node-err", ".txt");
        Path out = Files.createTempFile("quiver-node-out", ".txt");
        try {
            Files.writeString(in, stdin == null ? "" : stdin);
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "node " + script + " did not finish");
            assertEquals(0, p.exitValue(), "node " + script + " failed: " + Files.readString(err));
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        } finally {
            for (File f : List.of(in.toFile(), err.toFile(), out.toFile())) {
                f.delete();
            }
        }
    }
}
