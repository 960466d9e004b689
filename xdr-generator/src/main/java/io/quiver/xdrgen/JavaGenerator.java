package io.quiver.xdrgen;

import io.quiver.xdrgen.Definition.Arm;
import io.quiver.xdrgen.Definition.Declaration;
import io.quiver.xdrgen.Definition.EnumDef;
import io.quiver.xdrgen.Definition.Member;
import io.quiver.xdrgen.Definition.StructDef;
import io.quiver.xdrgen.Definition.UnionDef;
import io.quiver.xdrgen.TypeRef.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one Java source per struct (a record), union (a final class holding the discriminant and
 * the arm's value) and enum (a Java enum), plus a registry of all of them. Every type gets a
 * decoder that reads straight from {@code XdrReader} (no streams, one object per XDR value), a
 * {@code skip} that walks past a value without allocating, an encoder, and a JSON rendering.
 * Typedefs disappear: a field declared {@code Hash} is a {@code byte[]} of 32 bytes.
 */
public final class JavaGenerator {

    /** The runtime the generated code uses. */
    static final String RUNTIME = "io.quiver.stellar.xdr";

    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "record", "yield", "var");

    private final XdrModel model;
    private final String pkg;
    private int counter;

    public JavaGenerator(XdrModel model, String pkg) {
        this.model = model;
        this.pkg = pkg;
    }

    /** File name (without folder) to source text, for every type and the registry. */
    public Map<String, String> generate() {
        Map<String, String> files = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Definition d : model.definitions()) {
            String src;
            if (d instanceof StructDef s) {
                src = struct(s);
            } else if (d instanceof UnionDef u) {
                src = union(u);
            } else if (d instanceof EnumDef e) {
                src = enumeration(e);
            } else {
                continue;
            }
            files.put(d.name() + ".java", src);
            names.add(d.name());
        }
        files.put("XdrTypes.java", registry(names));
        return files;
    }

    // ---- structs

    private String struct(StructDef s) {
        String name = s.name();
        StringBuilder b = header(name, "XDR struct");
        List<String> components = new ArrayList<>();
        boolean bytes = false;
        for (Declaration f : s.fields()) {
            TypeRef t = model.resolve(f);
            components.add(jtype(t) + " " + id(f.name()));
            bytes |= hasBytes(t);
        }
        b.append("public record ").append(name).append("(").append(String.join(", ", components))
                .append(") implements XdrElement {\n\n");
        boolean recursive = model.isRecursive(name);

        b.append("    public static ").append(name).append(" decode(XdrReader r) {\n");
        if (recursive) {
            b.append("        r.enter(\"").append(name).append("\");\n");
        }
        List<String> locals = new ArrayList<>();
        for (Declaration f : s.fields()) {
            TypeRef t = model.resolve(f);
            String local = "f_" + f.name();
            locals.add(local);
            b.append("        ").append(jtype(t)).append(' ').append(local).append(";\n");
            decode(b, t, local, name + "." + f.name(), 2);
        }
        if (recursive) {
            b.append("        r.exit();\n");
        }
        b.append("        return new ").append(name).append("(").append(String.join(", ", locals)).append(");\n");
        b.append("    }\n\n");

        b.append("    /** Moves past one encoded ").append(name).append(" without building it. */\n");
        b.append("    public static void skip(XdrReader r) {\n");
        int fixed = model.fixedSize(new TypeRef.Named(name));
        if (fixed >= 0) {
            b.append("        r.skip(").append(fixed).append(", \"").append(name).append("\");\n");
        } else {
            if (recursive) {
                b.append("        r.enter(\"").append(name).append("\");\n");
            }
            for (Declaration f : s.fields()) {
                skip(b, model.resolve(f), name + "." + f.name(), 2);
            }
            if (recursive) {
                b.append("        r.exit();\n");
            }
        }
        b.append("    }\n\n");

        b.append("    @Override\n    public void encode(XdrWriter w) {\n");
        for (Declaration f : s.fields()) {
            encode(b, model.resolve(f), id(f.name()), name + "." + f.name(), 2);
        }
        b.append("    }\n\n");

        b.append("    @Override\n    public void toJson(XdrJson j) {\n        j.beginObject();\n");
        for (Declaration f : s.fields()) {
            b.append("        j.name(\"").append(f.name()).append("\");\n");
            json(b, model.resolve(f), id(f.name()), 2);
        }
        b.append("        j.endObject();\n    }\n\n");

        fromXdr(b, name);
        if (bytes) {
            b.append("    @Override\n    public boolean equals(Object o) {\n");
            b.append("        if (!(o instanceof ").append(name).append(" other)) {\n            return false;\n        }\n");
            b.append("        return ");
            List<String> eq = new ArrayList<>();
            for (Declaration f : s.fields()) {
                eq.add("XdrEquality.equal(" + id(f.name()) + ", other." + id(f.name()) + ")");
            }
            b.append(eq.isEmpty() ? "true" : String.join("\n                && ", eq)).append(";\n    }\n\n");
            b.append("    @Override\n    public int hashCode() {\n        return XdrEquality.hash(");
            List<String> hs = new ArrayList<>();
            for (Declaration f : s.fields()) {
                hs.add(id(f.name()));
            }
            b.append(String.join(", ", hs)).append(");\n    }\n\n");
        }
        b.append("    @Override\n    public String toString() {\n        return XdrJson.render(this);\n    }\n");
        b.append("}\n");
        return b.toString();
    }

    // ---- unions

    private String union(UnionDef u) {
        String name = u.name();
        TypeRef discRef = model.discriminant(u);
        boolean enumDisc = discRef instanceof TypeRef.Named;
        String disc = enumDisc ? ((TypeRef.Named) discRef).name() : "int";
        Map<Integer, Arm> cases = model.cases(u);
        boolean recursive = model.isRecursive(name);
        StringBuilder b = header(name, "XDR union");

        b.append("public final class ").append(name).append(" implements XdrElement {\n\n");
        b.append("    private final ").append(disc).append(" discriminant;\n");
        b.append("    private final Object value;\n\n");
        // void arms carry no data: one shared instance per discriminant (ext fields are everywhere)
        for (Map.Entry<Integer, Arm> c : cases.entrySet()) {
            if (c.getValue().declaration() == null) {
                b.append("    private static final ").append(name).append(" VOID_").append(voidId(c.getKey())).append(" = new ")
                        .append(name).append("(").append(discConstant(discRef, c.getKey())).append(", null);\n");
            }
        }
        b.append("\n");
        b.append("    private ").append(name).append("(").append(disc).append(" discriminant, Object value) {\n");
        b.append("        this.discriminant = discriminant;\n        this.value = value;\n    }\n\n");
        b.append("    /** The discriminant (").append(u.discriminantName()).append(" in the definition). */\n");
        b.append("    public ").append(disc).append(" discriminant() {\n        return discriminant;\n    }\n\n");
        b.append("    /** The arm's value: null for a void arm or an absent optional. */\n");
        b.append("    public Object value() {\n        return value;\n    }\n\n");

        // arm name of each discriminant value
        b.append("    /** The arm a discriminant selects: its name, \"\" for void; null if the union has no such case. */\n");
        b.append("    static String armOf(").append(disc).append(" d) {\n        switch (").append(discSwitch(enumDisc, "d"))
                .append(") {\n");
        Map<Arm, List<Integer>> byArm = new LinkedHashMap<>();
        cases.forEach((v, a) -> byArm.computeIfAbsent(a, k -> new ArrayList<>()).add(v));
        for (Map.Entry<Arm, List<Integer>> e : byArm.entrySet()) {
            caseLabels(b, e.getValue());
            b.append("                return \"").append(e.getKey().declaration() == null ? "" : e.getKey().declaration().name())
                    .append("\";\n");
        }
        b.append("            default:\n                return null;\n        }\n    }\n\n");

        // factories and accessors
        Set<String> done = new HashSet<>();
        boolean anyVoid = false;
        for (Map.Entry<Arm, List<Integer>> e : byArm.entrySet()) {
            Declaration d = e.getKey().declaration();
            if (d == null) {
                anyVoid = true;
                continue;
            }
            if (!done.add(d.name())) {
                continue;
            }
            TypeRef t = model.resolve(d);
            String boxed = boxed(jtype(t));
            String armId = id(d.name());
            if (e.getValue().size() == 1) {
                b.append("    public static ").append(name).append(' ').append(armId).append("(").append(jtype(t))
                        .append(" value) {\n        return new ").append(name).append("(")
                        .append(discConstant(discRef, e.getValue().get(0))).append(", value);\n    }\n\n");
            } else {
                b.append("    public static ").append(name).append(' ').append(armId).append("(").append(disc)
                        .append(" discriminant, ").append(jtype(t)).append(" value) {\n");
                b.append("        if (!\"").append(d.name()).append("\".equals(armOf(discriminant))) {\n");
                b.append("            throw new IllegalArgumentException(\"").append(name)
                        .append(": \" + discriminant + \" does not select ").append(d.name()).append("\");\n        }\n");
                b.append("        return new ").append(name).append("(discriminant, value);\n    }\n\n");
            }
            b.append("    /** The ").append(d.name()).append(" arm; fails if another arm is set. */\n");
            b.append("    public ").append(jtype(t)).append(' ').append(armId).append("() {\n");
            b.append("        if (!\"").append(d.name()).append("\".equals(armOf(discriminant))) {\n");
            b.append("            throw new IllegalStateException(\"").append(name).append(" holds \" + discriminant + \", not ")
                    .append(d.name()).append("\");\n        }\n");
            b.append("        return (").append(boxed).append(") value;\n    }\n\n");
        }
        if (anyVoid) {
            b.append("    /** A value of a void arm. */\n");
            b.append("    public static ").append(name).append(" of(").append(disc).append(" discriminant) {\n");
            b.append("        ").append(name).append(" v = voidOf(discriminant);\n");
            b.append("        if (v == null) {\n");
            b.append("            throw new IllegalArgumentException(\"").append(name)
                    .append(": \" + discriminant + \" does not select a void arm\");\n        }\n");
            b.append("        return v;\n    }\n\n");
            b.append("    private static ").append(name).append(" voidOf(").append(disc).append(" d) {\n");
            b.append("        switch (").append(discSwitch(enumDisc, "d")).append(") {\n");
            for (Map.Entry<Integer, Arm> c : cases.entrySet()) {
                if (c.getValue().declaration() == null) {
                    b.append("            case ").append(c.getKey()).append(":\n                return VOID_").append(voidId(c.getKey()))
                            .append(";\n");
                }
            }
            b.append("            default:\n                return null;\n        }\n    }\n\n");
        }

        // decode
        b.append("    public static ").append(name).append(" decode(XdrReader r) {\n");
        if (recursive) {
            b.append("        r.enter(\"").append(name).append("\");\n");
        }
        b.append("        int at = r.position();\n");
        b.append("        ").append(disc).append(" d = ").append(enumDisc ? disc + ".decode(r)" : "r.readInt(\"" + name + "\")")
                .append(";\n");
        b.append("        ").append(name).append(" out;\n");
        b.append("        switch (").append(discSwitch(enumDisc, "d")).append(") {\n");
        for (Map.Entry<Arm, List<Integer>> e : byArm.entrySet()) {
            caseLabels(b, e.getValue());
            Declaration d = e.getKey().declaration();
            if (d == null) {
                if (e.getValue().size() == 1) {
                    b.append("                out = VOID_").append(voidId(e.getValue().get(0))).append(";\n                break;\n");
                } else {
                    b.append("                out = voidOf(d);\n                break;\n");
                }
            } else {
                TypeRef t = model.resolve(d);
                b.append("            {\n                ").append(jtype(t)).append(" v;\n");
                decode(b, t, "v", name + "." + d.name(), 4);
                b.append("                out = new ").append(name).append("(d, v);\n                break;\n            }\n");
            }
        }
        b.append("            default:\n                throw new XdrException(\"").append(name)
                .append("\", at, \"no arm for discriminant \" + d);\n        }\n");
        if (recursive) {
            b.append("        r.exit();\n");
        }
        b.append("        return out;\n    }\n\n");

        // skip
        b.append("    /** Moves past one encoded ").append(name).append(" without building it. */\n");
        b.append("    public static void skip(XdrReader r) {\n");
        if (recursive) {
            b.append("        r.enter(\"").append(name).append("\");\n");
        }
        b.append("        int at = r.position();\n");
        b.append("        int d = r.readInt(\"").append(name).append("\");\n");
        b.append("        switch (d) {\n");
        for (Map.Entry<Arm, List<Integer>> e : byArm.entrySet()) {
            caseLabels(b, e.getValue());
            Declaration d = e.getKey().declaration();
            if (d != null) {
                skip(b, model.resolve(d), name + "." + d.name(), 4);
            }
            b.append("                break;\n");
        }
        b.append("            default:\n                throw new XdrException(\"").append(name)
                .append("\", at, \"no arm for discriminant \" + d);\n        }\n");
        if (recursive) {
            b.append("        r.exit();\n");
        }
        b.append("    }\n\n");

        // encode
        b.append("    @Override\n    public void encode(XdrWriter w) {\n");
        b.append("        ").append(enumDisc ? "discriminant.encode(w)" : "w.writeInt(discriminant)").append(";\n");
        b.append("        switch (").append(discSwitch(enumDisc, "discriminant")).append(") {\n");
        for (Map.Entry<Arm, List<Integer>> e : byArm.entrySet()) {
            Declaration d = e.getKey().declaration();
            if (d == null) {
                continue;
            }
            caseLabels(b, e.getValue());
            TypeRef t = model.resolve(d);
            b.append("                ");
            b.append("encode_").append(d.name()).append("(w, (").append(boxed(jtype(t))).append(") value);\n");
            b.append("                break;\n");
        }
        b.append("            default:\n                break;\n        }\n    }\n\n");
        Set<String> encoders = new HashSet<>();
        for (Arm a : byArm.keySet()) {
            Declaration d = a.declaration();
            if (d == null || !encoders.add(d.name())) {
                continue;
            }
            TypeRef t = model.resolve(d);
            b.append("    private static void encode_").append(d.name()).append("(XdrWriter w, ").append(jtype(t))
                    .append(" v) {\n");
            encode(b, t, "v", name + "." + d.name(), 2);
            b.append("    }\n\n");
        }

        // json
        b.append("    @Override\n    public void toJson(XdrJson j) {\n        j.beginObject();\n");
        b.append("        j.name(\"switch\");\n        j.intValue(").append(enumDisc ? "discriminant.value()" : "discriminant")
                .append(");\n");
        b.append("        switch (").append(discSwitch(enumDisc, "discriminant")).append(") {\n");
        for (Map.Entry<Arm, List<Integer>> e : byArm.entrySet()) {
            Declaration d = e.getKey().declaration();
            if (d == null) {
                continue;
            }
            caseLabels(b, e.getValue());
            TypeRef t = model.resolve(d);
            b.append("            {\n                j.name(\"").append(d.name()).append("\");\n");
            b.append("                ").append(boxed(jtype(t))).append(" v = (").append(boxed(jtype(t))).append(") value;\n");
            json(b, t, "v", 4);
            b.append("                break;\n            }\n");
        }
        b.append("            default:\n                break;\n        }\n        j.endObject();\n    }\n\n");

        fromXdr(b, name);
        b.append("    @Override\n    public boolean equals(Object o) {\n");
        b.append("        return o instanceof ").append(name).append(" other && ")
                .append("discriminant == other.discriminant && XdrEquality.equal(value, other.value);\n    }\n\n");
        b.append("    @Override\n    public int hashCode() {\n        return 31 * ")
                .append(enumDisc ? "discriminant.hashCode()" : "discriminant").append(" + XdrEquality.hash(value);\n    }\n\n");
        b.append("    @Override\n    public String toString() {\n        return XdrJson.render(this);\n    }\n");
        b.append("}\n");
        return b.toString();
    }

    private static String voidId(int v) {
        return v < 0 ? "M" + (-(long) v) : String.valueOf(v);
    }

    private static String discSwitch(boolean enumDisc, String expr) {
        return enumDisc ? expr + ".value()" : expr;
    }

    private static void caseLabels(StringBuilder b, List<Integer> values) {
        for (int v : values) {
            b.append("            case ").append(v).append(":\n");
        }
    }

    private String discConstant(TypeRef disc, int v) {
        if (disc instanceof TypeRef.Named n) {
            for (Member m : ((EnumDef) model.get(n.name())).members()) {
                if (m.value() == v) {
                    return n.name() + "." + m.name();
                }
            }
        }
        return String.valueOf(v);
    }

    // ---- enums

    private String enumeration(EnumDef e) {
        String name = e.name();
        StringBuilder b = header(name, "XDR enum");
        b.append("public enum ").append(name).append(" implements XdrElement {\n");
        List<String> constants = new ArrayList<>();
        Set<Integer> values = new HashSet<>();
        for (Member m : e.members()) {
            if (!values.add(m.value())) {
                throw new IllegalArgumentException("enum " + name + " repeats the value " + m.value());
            }
            constants.add("    " + m.name() + "(" + m.value() + ")");
        }
        b.append(String.join(",\n", constants)).append(";\n\n");
        b.append("    private final int value;\n\n");
        b.append("    ").append(name).append("(int value) {\n        this.value = value;\n    }\n\n");
        b.append("    public int value() {\n        return value;\n    }\n\n");
        b.append("    /** The member with this value, or null. */\n");
        b.append("    public static ").append(name).append(" fromValue(int value) {\n        switch (value) {\n");
        for (Member m : e.members()) {
            b.append("            case ").append(m.value()).append(":\n                return ").append(m.name()).append(";\n");
        }
        b.append("            default:\n                return null;\n        }\n    }\n\n");
        b.append("    public static ").append(name).append(" decode(XdrReader r) {\n");
        b.append("        int at = r.position();\n        int v = r.readInt(\"").append(name).append("\");\n");
        b.append("        ").append(name).append(" m = fromValue(v);\n");
        b.append("        if (m == null) {\n            throw new XdrException(\"").append(name)
                .append("\", at, \"unknown value \" + v);\n        }\n        return m;\n    }\n\n");
        b.append("    public static void skip(XdrReader r) {\n        r.skip(4, \"").append(name).append("\");\n    }\n\n");
        b.append("    @Override\n    public void encode(XdrWriter w) {\n        w.writeInt(value);\n    }\n\n");
        b.append("    @Override\n    public void toJson(XdrJson j) {\n        j.intValue(value);\n    }\n\n");
        fromXdr(b, name);
        b.append("}\n");
        return b.toString();
    }

    // ---- registry

    private String registry(List<String> names) {
        StringBuilder b = new StringBuilder();
        b.append("package ").append(pkg).append(";\n\n");
        b.append("import ").append(RUNTIME).append(".XdrReader;\n");
        b.append("import ").append(RUNTIME).append(".XdrTypeInfo;\n");
        b.append("import java.util.Map;\nimport java.util.TreeMap;\n\n");
        b.append("/** Every type of the model by its XDR name: decode and skip without knowing the class. Generated. */\n");
        b.append("public final class XdrTypes {\n\n");
        b.append("    private static final Map<String, XdrTypeInfo> TYPES = new TreeMap<>();\n\n");
        b.append("    static {\n");
        for (String n : names) {
            b.append("        TYPES.put(\"").append(n).append("\", new XdrTypeInfo(\"").append(n).append("\", ")
                    .append(n).append(".class, ").append(n).append("::decode, ").append(n).append("::skip));\n");
        }
        b.append("    }\n\n    private XdrTypes() {\n    }\n\n");
        b.append("    /** All types, sorted by name. */\n");
        b.append("    public static Map<String, XdrTypeInfo> all() {\n        return java.util.Collections.unmodifiableMap(TYPES);\n    }\n\n");
        b.append("    public static XdrTypeInfo get(String name) {\n        XdrTypeInfo t = TYPES.get(name);\n");
        b.append("        if (t == null) {\n            throw new IllegalArgumentException(\"unknown XDR type \" + name);\n        }\n");
        b.append("        return t;\n    }\n}\n");
        return b.toString();
    }

    // ---- code for one value of a type

    private void decode(StringBuilder b, TypeRef t, String target, String ctx, int indent) {
        String p = pad(indent);
        String c = quote(ctx);
        if (t instanceof TypeRef.Primitive prim) {
            String call = switch (prim.kind()) {
                case INT, UINT -> "r.readInt(" + c + ")";
                case HYPER, UHYPER -> "r.readHyper(" + c + ")";
                case BOOL -> "r.readBool(" + c + ")";
            };
            b.append(p).append(target).append(" = ").append(call).append(";\n");
        } else if (t instanceof TypeRef.FixedOpaque o) {
            b.append(p).append(target).append(" = r.readFixedOpaque(").append(o.length()).append(", ").append(c).append(");\n");
        } else if (t instanceof TypeRef.VarOpaque o) {
            b.append(p).append(target).append(" = r.readVarOpaque(").append(o.max()).append("L, ").append(c).append(");\n");
        } else if (t instanceof TypeRef.Named n) {
            b.append(p).append(target).append(" = ").append(n.name()).append(".decode(r);\n");
        } else if (t instanceof TypeRef.FixedArray || t instanceof TypeRef.VarArray) {
            int k = ++counter;
            TypeRef elem = t instanceof TypeRef.FixedArray fa ? fa.element() : ((TypeRef.VarArray) t).element();
            String count = t instanceof TypeRef.FixedArray fa ? String.valueOf(fa.length())
                    : "r.readLength(" + ((TypeRef.VarArray) t).max() + "L, " + model.minSize(elem) + ", " + c + ")";
            b.append(p).append("{\n");
            b.append(p).append("    int n").append(k).append(" = ").append(count).append(";\n");
            b.append(p).append("    Object[] a").append(k).append(" = new Object[n").append(k).append("];\n");
            b.append(p).append("    for (int i").append(k).append(" = 0; i").append(k).append(" < n").append(k).append("; i")
                    .append(k).append("++) {\n");
            b.append(p).append("        ").append(jtype(elem)).append(" e").append(k).append(";\n");
            decode(b, elem, "e" + k, ctx, indent + 2);
            b.append(p).append("        a").append(k).append("[i").append(k).append("] = e").append(k).append(";\n");
            b.append(p).append("    }\n");
            b.append(p).append("    ").append(target).append(" = XdrLists.of(a").append(k).append(");\n");
            b.append(p).append("}\n");
        } else {
            TypeRef elem = ((TypeRef.Optional) t).element();
            int k = ++counter;
            b.append(p).append("if (r.readBool(").append(c).append(")) {\n");
            b.append(p).append("    ").append(jtype(elem)).append(" e").append(k).append(";\n");
            decode(b, elem, "e" + k, ctx, indent + 1);
            b.append(p).append("    ").append(target).append(" = e").append(k).append(";\n");
            b.append(p).append("} else {\n").append(p).append("    ").append(target).append(" = null;\n").append(p).append("}\n");
        }
    }

    private void skip(StringBuilder b, TypeRef t, String ctx, int indent) {
        String p = pad(indent);
        String c = quote(ctx);
        int fixed = model.fixedSize(t);
        if (fixed >= 0) {
            b.append(p).append("r.skip(").append(fixed).append(", ").append(c).append(");\n");
        } else if (t instanceof TypeRef.VarOpaque o) {
            b.append(p).append("r.skipVarOpaque(").append(o.max()).append("L, ").append(c).append(");\n");
        } else if (t instanceof TypeRef.Named n) {
            b.append(p).append(n.name()).append(".skip(r);\n");
        } else if (t instanceof TypeRef.FixedArray || t instanceof TypeRef.VarArray) {
            int k = ++counter;
            TypeRef elem = t instanceof TypeRef.FixedArray fa ? fa.element() : ((TypeRef.VarArray) t).element();
            String count = t instanceof TypeRef.FixedArray fa ? String.valueOf(fa.length())
                    : "r.readLength(" + ((TypeRef.VarArray) t).max() + "L, " + model.minSize(elem) + ", " + c + ")";
            int elemFixed = model.fixedSize(elem);
            b.append(p).append("{\n");
            b.append(p).append("    int n").append(k).append(" = ").append(count).append(";\n");
            if (elemFixed >= 0) {
                b.append(p).append("    r.skip(n").append(k).append(" * ").append(elemFixed).append(", ").append(c).append(");\n");
            } else {
                b.append(p).append("    for (int i").append(k).append(" = 0; i").append(k).append(" < n").append(k).append("; i")
                        .append(k).append("++) {\n");
                skip(b, elem, ctx, indent + 2);
                b.append(p).append("    }\n");
            }
            b.append(p).append("}\n");
        } else {
            TypeRef elem = ((TypeRef.Optional) t).element();
            b.append(p).append("if (r.readBool(").append(c).append(")) {\n");
            skip(b, elem, ctx, indent + 1);
            b.append(p).append("}\n");
        }
    }

    private void encode(StringBuilder b, TypeRef t, String expr, String ctx, int indent) {
        String p = pad(indent);
        String c = quote(ctx);
        if (t instanceof TypeRef.Primitive prim) {
            String call = switch (prim.kind()) {
                case INT, UINT -> "w.writeInt(";
                case HYPER, UHYPER -> "w.writeHyper(";
                case BOOL -> "w.writeBool(";
            };
            b.append(p).append(call).append(expr).append(");\n");
        } else if (t instanceof TypeRef.FixedOpaque o) {
            b.append(p).append("w.writeFixedOpaque(").append(expr).append(", ").append(o.length()).append(", ").append(c)
                    .append(");\n");
        } else if (t instanceof TypeRef.VarOpaque o) {
            b.append(p).append("w.writeVarOpaque(").append(expr).append(", ").append(o.max()).append("L, ").append(c)
                    .append(");\n");
        } else if (t instanceof TypeRef.Named) {
            b.append(p).append("XdrWriter.require(").append(expr).append(", ").append(c).append(").encode(w);\n");
        } else if (t instanceof TypeRef.FixedArray || t instanceof TypeRef.VarArray) {
            int k = ++counter;
            TypeRef elem = t instanceof TypeRef.FixedArray fa ? fa.element() : ((TypeRef.VarArray) t).element();
            b.append(p).append("{\n");
            b.append(p).append("    ").append(jtype(t)).append(" l").append(k).append(" = XdrWriter.require(").append(expr)
                    .append(", ").append(c).append(");\n");
            if (t instanceof TypeRef.FixedArray fa) {
                b.append(p).append("    XdrWriter.requireSize(l").append(k).append(".size(), ").append(fa.length()).append(", ")
                        .append(c).append(");\n");
            } else {
                b.append(p).append("    w.writeLength(l").append(k).append(".size(), ").append(((TypeRef.VarArray) t).max())
                        .append("L, ").append(c).append(");\n");
            }
            b.append(p).append("    for (").append(boxed(jtype(elem))).append(" e").append(k).append(" : l").append(k).append(") {\n");
            encode(b, elem, "e" + k, ctx, indent + 2);
            b.append(p).append("    }\n");
            b.append(p).append("}\n");
        } else {
            TypeRef elem = ((TypeRef.Optional) t).element();
            int k = ++counter;
            b.append(p).append("{\n");
            b.append(p).append("    ").append(boxed(jtype(elem))).append(" o").append(k).append(" = ").append(expr).append(";\n");
            b.append(p).append("    if (o").append(k).append(" == null) {\n");
            b.append(p).append("        w.writeInt(0);\n");
            b.append(p).append("    } else {\n");
            b.append(p).append("        w.writeInt(1);\n");
            encode(b, elem, "o" + k, ctx, indent + 2);
            b.append(p).append("    }\n");
            b.append(p).append("}\n");
        }
    }

    private void json(StringBuilder b, TypeRef t, String expr, int indent) {
        String p = pad(indent);
        if (t instanceof TypeRef.Primitive prim) {
            String call = switch (prim.kind()) {
                case INT -> "j.intValue(";
                case UINT -> "j.uintValue(";
                case HYPER -> "j.hyperValue(";
                case UHYPER -> "j.uhyperValue(";
                case BOOL -> "j.boolValue(";
            };
            b.append(p).append(call).append(expr).append(");\n");
        } else if (t instanceof TypeRef.FixedOpaque || t instanceof TypeRef.VarOpaque) {
            b.append(p).append("j.bytesValue(").append(expr).append(");\n");
        } else if (t instanceof TypeRef.Named) {
            b.append(p).append(expr).append(".toJson(j);\n");
        } else if (t instanceof TypeRef.FixedArray || t instanceof TypeRef.VarArray) {
            int k = ++counter;
            TypeRef elem = t instanceof TypeRef.FixedArray fa ? fa.element() : ((TypeRef.VarArray) t).element();
            b.append(p).append("j.beginArray();\n");
            b.append(p).append("for (").append(boxed(jtype(elem))).append(" e").append(k).append(" : ").append(expr).append(") {\n");
            json(b, elem, "e" + k, indent + 1);
            b.append(p).append("}\n");
            b.append(p).append("j.endArray();\n");
        } else {
            TypeRef elem = ((TypeRef.Optional) t).element();
            int k = ++counter;
            b.append(p).append("{\n");
            b.append(p).append("    ").append(boxed(jtype(elem))).append(" o").append(k).append(" = ").append(expr).append(";\n");
            b.append(p).append("    if (o").append(k).append(" == null) {\n");
            b.append(p).append("        j.nullValue();\n");
            b.append(p).append("    } else {\n");
            json(b, elem, "o" + k, indent + 2);
            b.append(p).append("    }\n");
            b.append(p).append("}\n");
        }
    }

    // ---- helpers

    private void fromXdr(StringBuilder b, String name) {
        b.append("    /** Decodes exactly one ").append(name).append(": trailing bytes are an error. */\n");
        b.append("    public static ").append(name).append(" fromXdr(byte[] xdr) {\n");
        b.append("        XdrReader r = new XdrReader(xdr);\n");
        b.append("        ").append(name).append(" v = decode(r);\n");
        b.append("        r.requireEnd(\"").append(name).append("\");\n");
        b.append("        return v;\n    }\n\n");
    }

    private StringBuilder header(String name, String what) {
        counter = 0;
        StringBuilder b = new StringBuilder();
        b.append("// Generated by Quiver's xdr-generator from stellar-xdr/src/main/xdr. Do not edit.\n");
        b.append("package ").append(pkg).append(";\n\n");
        for (String c : List.of("XdrElement", "XdrEquality", "XdrException", "XdrJson", "XdrLists", "XdrReader", "XdrWriter")) {
            b.append("import ").append(RUNTIME).append('.').append(c).append(";\n");
        }
        b.append("import java.util.List;\n\n");
        b.append("/** ").append(what).append(" {@code ").append(name).append("}. */\n");
        b.append("@SuppressWarnings({\"unused\", \"unchecked\"})\n");
        return b;
    }

    String jtype(TypeRef t) {
        if (t instanceof TypeRef.Primitive p) {
            return switch (p.kind()) {
                case INT, UINT -> "int";
                case HYPER, UHYPER -> "long";
                case BOOL -> "boolean";
            };
        }
        if (t instanceof TypeRef.FixedOpaque || t instanceof TypeRef.VarOpaque) {
            return "byte[]";
        }
        if (t instanceof TypeRef.Named n) {
            return n.name();
        }
        if (t instanceof TypeRef.FixedArray a) {
            return "List<" + boxed(jtype(a.element())) + ">";
        }
        if (t instanceof TypeRef.VarArray a) {
            return "List<" + boxed(jtype(a.element())) + ">";
        }
        return boxed(jtype(((TypeRef.Optional) t).element()));
    }

    static String boxed(String j) {
        return switch (j) {
            case "int" -> "Integer";
            case "long" -> "Long";
            case "boolean" -> "Boolean";
            default -> j;
        };
    }

    private boolean hasBytes(TypeRef t) {
        if (t instanceof TypeRef.FixedOpaque || t instanceof TypeRef.VarOpaque) {
            return true;
        }
        if (t instanceof TypeRef.FixedArray a) {
            return hasBytes(a.element());
        }
        if (t instanceof TypeRef.VarArray a) {
            return hasBytes(a.element());
        }
        if (t instanceof TypeRef.Optional o) {
            return hasBytes(o.element());
        }
        return false;
    }

    static String id(String name) {
        return KEYWORDS.contains(name) || name.equals("value") || name.equals("discriminant") ? name + "_" : name;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String pad(int indent) {
        return "    ".repeat(indent);
    }
}
