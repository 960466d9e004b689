package io.quiver.launcher;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options of a subcommand (other arguments are not read). */
final class Options {

    private final Map<String, String> named = new HashMap<>();

    static Options parse(List<String> args) {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                if (eq > 0) {
                    o.named.put(a.substring(0, eq), a.substring(eq + 1));
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    o.named.put(a, args.get(++i));
                } else {
                    o.named.put(a, "true");
                }
            }
        }
        return o;
    }

    String option(String name, String dflt) {
        return named.getOrDefault(name, dflt);
    }

    int intOption(String name, int dflt) {
        String v = named.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " expects a number, got '" + v + "'");
        }
    }
}
