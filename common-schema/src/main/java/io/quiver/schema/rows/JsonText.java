package io.quiver.schema.rows;

/**
 * Text as a JSON string literal, the one escaper of every JSON form Quiver writes by hand (lake
 * JSON lines, the ledger tables' rows and details): quotes, backslashes and control characters
 * escaped, everything else as is; plain text (the usual case: names, strkeys, codes) is appended
 * whole.
 */
public final class JsonText {

    private JsonText() {
    }

    public static StringBuilder quote(StringBuilder b, String s) {
        int plain = 0;
        while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
            plain++;
        }
        if (plain == s.length()) {
            return b.append('"').append(s).append('"');
        }
        b.append('"').append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
