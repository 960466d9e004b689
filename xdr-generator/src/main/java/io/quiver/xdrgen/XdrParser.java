package io.quiver.xdrgen;

import io.quiver.xdrgen.Definition.Arm;
import io.quiver.xdrgen.Definition.Const;
import io.quiver.xdrgen.Definition.Declaration;
import io.quiver.xdrgen.Definition.Declaration.Suffix;
import io.quiver.xdrgen.Definition.EnumDef;
import io.quiver.xdrgen.Definition.Member;
import io.quiver.xdrgen.Definition.StructDef;
import io.quiver.xdrgen.Definition.Typedef;
import io.quiver.xdrgen.Definition.UnionDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the part of the XDR language (RFC 4506, section 6) that Stellar's definitions use:
 * const, typedef, enum, struct and union, with named types only (no anonymous nested unions or
 * structs). Errors name the file and line.
 */
public final class XdrParser {

    private final String file;
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();
    private final Map<String, Long> constants;
    private int at;

    private XdrParser(String file, String text, Map<String, Long> constants) {
        this.file = file;
        this.constants = constants;
        tokenize(text);
    }

    /** Parses one file; constants of earlier files are visible through {@code constants}. */
    public static List<Definition> parse(String file, String text, Map<String, Long> constants) {
        return new XdrParser(file, text, constants).definitions();
    }

    public static List<Definition> parse(String file, String text) {
        return parse(file, text, new HashMap<>());
    }

    private void tokenize(String s) {
        int line = 1;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("//", i) || c == '%') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException(file + ":" + line + ": unterminated comment");
                }
                for (int k = i; k < end; k++) {
                    if (s.charAt(k) == '\n') {
                        line++;
                    }
                }
                i = end + 2;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
                int start = i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(s.substring(start, i));
                lines.add(line);
            } else {
                tokens.add(String.valueOf(c));
                lines.add(line);
                i++;
            }
        }
    }

    private List<Definition> definitions() {
        List<Definition> out = new ArrayList<>();
        while (at < tokens.size()) {
            String keyword = next();
            switch (keyword) {
                case "const" -> {
                    String name = identifier();
                    expect("=");
                    long value = number();
                    expect(";");
                    constants.put(name, value);
                    out.add(new Const(name, value));
                }
                case "typedef" -> {
                    Declaration d = declaration();
                    expect(";");
                    out.add(new Typedef(d.name(), d));
                }
                case "enum" -> out.add(enumDef());
                case "struct" -> out.add(structDef());
                case "union" -> out.add(unionDef());
                default -> throw error("expected const, typedef, enum, struct or union, found '" + keyword + "'");
            }
        }
        return out;
    }

    private EnumDef enumDef() {
        String name = identifier();
        expect("{");
        List<Member> members = new ArrayList<>();
        do {
            String member = identifier();
            expect("=");
            long value = number();
            members.add(new Member(member, (int) value));
            constants.put(member, value);
        } while (accept(","));
        expect("}");
        expect(";");
        return new EnumDef(name, members);
    }

    private StructDef structDef() {
        String name = identifier();
        expect("{");
        List<Declaration> fields = new ArrayList<>();
        while (!accept("}")) {
            fields.add(declaration());
            expect(";");
        }
        expect(";");
        return new StructDef(name, fields);
    }

    private UnionDef unionDef() {
        String name = identifier();
        expect("switch");
        expect("(");
        String discriminantType = typeName();
        String discriminantName = identifier();
        expect(")");
        expect("{");
        List<Arm> arms = new ArrayList<>();
        Arm defaultArm = null;
        while (!accept("}")) {
            List<String> cases = new ArrayList<>();
            boolean isDefault = false;
            while (true) {
                if (accept("case")) {
                    cases.add(next());
                    expect(":");
                } else if (accept("default")) {
                    expect(":");
                    isDefault = true;
                } else {
                    break;
                }
            }
            if (cases.isEmpty() && !isDefault) {
                throw error("expected case or default in union " + name);
            }
            Declaration d = accept("void") ? null : declaration();
            expect(";");
            if (isDefault) {
                if (!cases.isEmpty()) {
                    throw error("default shares an arm with cases in union " + name + "; give it its own arm");
                }
                defaultArm = new Arm(List.of(), d);
            } else {
                arms.add(new Arm(cases, d));
            }
        }
        expect(";");
        return new UnionDef(name, discriminantName, discriminantType, arms, defaultArm);
    }

    private Declaration declaration() {
        String type = typeName();
        if (accept("*")) {
            return new Declaration(identifier(), type, Suffix.OPTIONAL, 0);
        }
        String name = identifier();
        if (accept("[")) {
            long n = number();
            expect("]");
            return new Declaration(name, type, Suffix.FIXED, n);
        }
        if (accept("<")) {
            long max = accept(">") ? -1 : number();
            if (max >= 0) {
                expect(">");
            }
            return new Declaration(name, type, Suffix.VARIABLE, max);
        }
        return new Declaration(name, type, Suffix.NONE, 0);
    }

    private String typeName() {
        String t = identifier();
        if (t.equals("unsigned")) {
            String base = identifier();
            if (!base.equals("int") && !base.equals("hyper")) {
                throw error("expected int or hyper after unsigned");
            }
            return "unsigned " + base;
        }
        return t;
    }

    private long number() {
        String t = next();
        if (constants.containsKey(t)) {
            return constants.get(t);
        }
        try {
            return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16)
                    : t.startsWith("-0x") ? -Long.parseLong(t.substring(3), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw error("expected a number or constant, found '" + t + "'");
        }
    }

    private String identifier() {
        String t = next();
        if (!Character.isLetter(t.charAt(0)) && t.charAt(0) != '_') {
            throw error("expected a name, found '" + t + "'");
        }
        return t;
    }

    private String next() {
        if (at >= tokens.size()) {
            throw new IllegalArgumentException(file + ": unexpected end of file");
        }
        return tokens.get(at++);
    }

    private boolean accept(String t) {
        if (at < tokens.size() && tokens.get(at).equals(t)) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String t) {
        if (!accept(t)) {
            throw error("expected '" + t + "', found '" + (at < tokens.size() ? tokens.get(at) : "end of file") + "'");
        }
    }

    private IllegalArgumentException error(String message) {
        int line = lines.isEmpty() ? 0 : lines.get(Math.min(at, lines.size()) - (at > 0 ? 1 : 0));
        return new IllegalArgumentException(file + ":" + line + ": " + message);
    }
}
