package io.quiver.stellar.xdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.testing.Environment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the scripts of clients/node/xdr (npm @stellar/stellar-base) and compares JSON renderings. */
final class StellarBaseNode {

    private StellarBaseNode() {
    }

    /** Runs {@code node xdr/SCRIPT args} with {@code stdin}; its stdout lines. */
    static List<String> run(String script, List<String> args, String stdin) throws IOException, InterruptedException {
        Path dir = Environment.nodePackage("@stellar/stellar-base");
        List<String> command = new ArrayList<>(List.of("node", "xdr/" + script));
        command.addAll(args);
        Path in = Files.createTempFile("quiver-xdr-in", ".txt");
        Path err = Files.createTempFile("quiver-xdr-err", ".txt");
        Path out = Files.createTempFile("quiver-xdr-out", ".txt");
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

    /** The path of the first difference between two JSON trees, or null if they are equal. */
    static String firstDifference(JsonNode expected, JsonNode actual, String path) {
        if (expected.getNodeType() != actual.getNodeType()) {
            return path + ": " + expected + " vs " + actual;
        }
        if (expected.isObject()) {
            List<String> a = new ArrayList<>();
            expected.fieldNames().forEachRemaining(a::add);
            List<String> b = new ArrayList<>();
            actual.fieldNames().forEachRemaining(b::add);
            if (!a.equals(b)) {
                return path + ": fields " + a + " vs " + b;
            }
            Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String d = firstDifference(e.getValue(), actual.get(e.getKey()), path + "." + e.getKey());
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (expected.size() != actual.size()) {
                return path + ": " + expected.size() + " elements vs " + actual.size();
            }
            for (int i = 0; i < expected.size(); i++) {
                String d = firstDifference(expected.get(i), actual.get(i), path + "[" + i + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : path + ": " + expected + " vs " + actual;
    }
}
