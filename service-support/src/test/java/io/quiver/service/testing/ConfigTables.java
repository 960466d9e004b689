package io.quiver.service.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Holds the README's configuration table and the {@code @ConfigMapping} interfaces together: every
 * key of a mapping must be in the table with the default the code has (or "unset" when it has
 * none), and every key the table lists under the mapping's prefix must exist in the code.
 * Defaults may be written for people ({@code 1 GiB}, {@code 30 days}, {@code 45s}) and may go on
 * with a remark in parentheses.
 */
public final class ConfigTables {

    private ConfigTables() {
    }

    /** key -> default, as the code has them ("unset" for none). */
    public static Map<String, String> keysOf(Class<?> mapping) {
        String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
        Map<String, String> out = new TreeMap<>();
        walk(mapping, prefix, out);
        return out;
    }

    private static void walk(Class<?> type, String prefix, Map<String, String> out) {
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String key = prefix + "." + kebab(m.getName());
            Class<?> r = m.getReturnType();
            if (r == Map.class) {
                out.put(key + ".*", "unset"); // named groups, e.g. quiver.sink.table."<name>".*: documented as one row
                continue;
            }
            if (r.isInterface() && r.getAnnotation(ConfigMapping.class) == null && !r.getName().startsWith("java.")) {
                walk(r, key, out);
                continue;
            }
            WithDefault d = m.getAnnotation(WithDefault.class);
            boolean optional = r == Optional.class || r == OptionalLong.class || r == OptionalInt.class;
            out.put(key, d != null ? d.value() : optional ? "unset" : "required");
        }
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** key -> default cell, from every table row of the README's "## Configuration" section. */
    public static Map<String, String> readmeTable() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("quiver.repo.dir", "../"), "README.md"));
        int start = readme.indexOf("\n## Configuration");
        assertTrue(start >= 0, "README has a Configuration section");
        int end = readme.indexOf("\n## ", start + 5);
        Map<String, String> out = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\| (`[^|]+) \\| ([^|]+) \\|", Pattern.MULTILINE);
        Matcher m = row.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        while (m.find()) {
            List<String> keys = new ArrayList<>();
            Matcher k = Pattern.compile("`([^`]+)`").matcher(m.group(1));
            while (k.find()) {
                String key = k.group(1);
                // `quiver.x.a` / `b` / `c`: the later ones replace the last segment of the first
                keys.add(keys.isEmpty() || key.contains(".") ? key : keys.get(0).substring(0, keys.get(0).lastIndexOf('.') + 1) + key);
            }
            String[] defaults = m.group(2).strip().split(" / ");
            for (int i = 0; i < keys.size(); i++) {
                out.put(keys.get(i), (defaults.length == keys.size() ? defaults[i] : m.group(2)).strip());
            }
        }
        return out;
    }

    /** Fails unless the README's table documents {@code mapping}'s keys and defaults exactly. */
    public static void assertDocumented(Class<?> mapping) throws IOException {
        assertDocumented(new Class<?>[] {mapping});
    }

    /**
     * As {@link #assertDocumented(Class)} for mappings of one service whose prefixes nest (for instance
     * {@code quiver.sink} and {@code quiver.sink.query}): a README key under the first mapping's prefix
     * must belong to one of them.
     */
    public static void assertDocumented(Class<?>... mappings) throws IOException {
        Class<?> mapping = mappings[0];
        String prefix = mapping.getAnnotation(ConfigMapping.class).prefix() + ".";
        Map<String, String> code = new java.util.TreeMap<>();
        for (Class<?> m : mappings) {
            code.putAll(keysOf(m));
        }
        Map<String, String> readme = readmeTable();
        for (Map.Entry<String, String> e : code.entrySet()) {
            String documented = readme.get(e.getKey());
            assertTrue(documented != null, "README configuration table lacks " + e.getKey() + " (default " + e.getValue() + ")");
            assertTrue(sameDefault(e.getValue(), documented), e.getKey() + ": README says '" + documented + "', the code '"
                    + e.getValue() + "'");
        }
        for (String key : readme.keySet()) {
            if (key.startsWith(prefix) && !key.contains("*")) {
                assertTrue(code.containsKey(key), "README documents " + key + ", which " + mapping.getSimpleName()
                        + (mappings.length > 1 ? " and its nested mappings do" : " does") + " not have");
            }
        }
    }

    public static boolean sameDefault(String code, String documented) {
        String d = documented.replace("`", "").strip();
        int paren = d.indexOf(" (");
        String head = paren > 0 ? d.substring(0, paren).strip() : d;
        if (head.equalsIgnoreCase(code) || d.equalsIgnoreCase(code)) {
            return true;
        }
        Long bytes = bytes(head);
        if (bytes != null && code.matches("-?\\d+") && bytes == Long.parseLong(code)) {
            return true;
        }
        Matcher days = Pattern.compile("(\\d+) days?").matcher(head);
        return days.matches() && code.matches("\\d+") && Long.parseLong(days.group(1)) * 86_400_000L == Long.parseLong(code);
    }

    private static Long bytes(String text) {
        Matcher m = Pattern.compile("(\\d+) (KiB|MiB|GiB)").matcher(text);
        if (!m.matches()) {
            return null;
        }
        int shift = switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            default -> 30;
        };
        return Long.parseLong(m.group(1)) << shift;
    }
}
