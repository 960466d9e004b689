package io.quiver.stellar.xdr;


import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Runs the scripts of clients/node/xdr (npm @stellar/stellar-base) and compares JSON renderings. */
final class StellarBaseNode {

    private StellarBaseNode() {
    }

    /** Runs {@code node xdr/SCRIPT args} with {@code stdin}; its stdout lines. */
    static List<String> run(String script, List<String> args, String stdin) throws IOException, InterruptedException {
        return io.quiver.testing.NodeScripts.run("@stellar/stellar-base", "xdr/" + script, args, stdin);
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
