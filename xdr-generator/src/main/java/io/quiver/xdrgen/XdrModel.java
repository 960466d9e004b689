package io.quiver.xdrgen;

import io.quiver.xdrgen.Definition.Arm;
import io.quiver.xdrgen.Definition.Const;
import io.quiver.xdrgen.Definition.Declaration;
import io.quiver.xdrgen.Definition.EnumDef;
import io.quiver.xdrgen.Definition.Member;
import io.quiver.xdrgen.Definition.StructDef;
import io.quiver.xdrgen.Definition.Typedef;
import io.quiver.xdrgen.Definition.UnionDef;
import io.quiver.xdrgen.TypeRef.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * All definitions of a set of XDR files, with the questions the generator asks of them answered:
 * what a declaration's type is once typedefs are resolved, which integer a case label stands for,
 * the fewest bytes a type can take (to refuse forged lengths), its size when it is fixed, and which
 * types can contain themselves (they need a nesting limit).
 */
public final class XdrModel {

    private final Map<String, Definition> byName = new LinkedHashMap<>();
    private final Map<String, Long> constants = new HashMap<>();
    private final Set<String> recursive = new HashSet<>();

    public XdrModel(List<Definition> definitions, Map<String, Long> constants) {
        for (Definition d : definitions) {
            if (d instanceof Const) {
                continue;
            }
            if (byName.put(d.name(), d) != null) {
                throw new IllegalArgumentException("type " + d.name() + " is defined twice");
            }
        }
        this.constants.putAll(constants);
        for (Definition d : byName.values()) {
            if (reaches(d.name(), d.name(), new HashSet<>())) {
                recursive.add(d.name());
            }
        }
        validate();
    }

    /** Reads every {@code *.x} file of a folder, in name order. */
    public static XdrModel load(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().endsWith(".x")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .x files in " + folder);
        }
        Map<String, Long> constants = new HashMap<>();
        List<Definition> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(XdrParser.parse(f.getFileName().toString(), Files.readString(f), constants));
        }
        return new XdrModel(all, constants);
    }

    public Iterable<Definition> definitions() {
        return byName.values();
    }

    public Definition get(String name) {
        Definition d = byName.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown type " + name);
        }
        return d;
    }

    public boolean isRecursive(String name) {
        return recursive.contains(name);
    }

    /** The type a declaration has once every typedef is replaced by what it stands for. */
    public TypeRef resolve(Declaration d) {
        TypeRef base = switch (d.baseType()) {
            case "opaque" -> d.suffix() == Declaration.Suffix.FIXED ? new TypeRef.FixedOpaque((int) d.size())
                    : new TypeRef.VarOpaque(max(d, TypeRef.UNBOUNDED_BYTES), false);
            case "string" -> new TypeRef.VarOpaque(max(d, TypeRef.UNBOUNDED_BYTES), true);
            default -> baseType(d.baseType());
        };
        if (d.baseType().equals("opaque") || d.baseType().equals("string")) {
            return base;
        }
        return switch (d.suffix()) {
            case NONE -> base;
            case FIXED -> new TypeRef.FixedArray(base, (int) d.size());
            case VARIABLE -> new TypeRef.VarArray(base, max(d, TypeRef.UNBOUNDED_ARRAY));
            case OPTIONAL -> new TypeRef.Optional(base);
        };
    }

    private static long max(Declaration d, long unbounded) {
        return d.size() < 0 ? unbounded : d.size();
    }

    private TypeRef baseType(String name) {
        switch (name) {
            case "int":
                return new TypeRef.Primitive(Kind.INT);
            case "unsigned int":
                return new TypeRef.Primitive(Kind.UINT);
            case "hyper":
                return new TypeRef.Primitive(Kind.HYPER);
            case "unsigned hyper":
                return new TypeRef.Primitive(Kind.UHYPER);
            case "bool":
                return new TypeRef.Primitive(Kind.BOOL);
            default:
                Definition d = get(name);
                return d instanceof Typedef t ? resolve(t.declaration()) : new TypeRef.Named(name);
        }
    }

    /** The discriminant type of a union: an enum's name, or int / unsigned int. */
    public TypeRef discriminant(UnionDef u) {
        TypeRef t = baseType(u.discriminantType());
        if (t instanceof TypeRef.Named n && get(n.name()) instanceof EnumDef) {
            return t;
        }
        if (t instanceof TypeRef.Primitive p && (p.kind() == Kind.INT || p.kind() == Kind.UINT)) {
            return t;
        }
        throw new IllegalArgumentException("union " + u.name() + " switches on " + u.discriminantType()
                + ", which is neither an enum nor an int");
    }

    /** The value of a case label: a number, a constant or a member of the discriminant's enum. */
    public int caseValue(UnionDef u, String label) {
        if (discriminant(u) instanceof TypeRef.Named n) {
            for (Member m : ((EnumDef) get(n.name())).members()) {
                if (m.name().equals(label)) {
                    return m.value();
                }
            }
            throw new IllegalArgumentException("union " + u.name() + ": " + label + " is not a member of " + n.name());
        }
        if (constants.containsKey(label)) {
            return constants.get(label).intValue();
        }
        try {
            return (int) Long.parseLong(label);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("union " + u.name() + ": unknown case " + label, e);
        }
    }

    /**
     * Every discriminant value the union accepts with the arm it selects (null for void), in the
     * order of the definition; a default arm is expanded over the enum's remaining members.
     */
    public Map<Integer, Arm> cases(UnionDef u) {
        Map<Integer, Arm> out = new LinkedHashMap<>();
        for (Arm a : u.arms()) {
            for (String c : a.cases()) {
                if (out.put(caseValue(u, c), a) != null) {
                    throw new IllegalArgumentException("union " + u.name() + ": case " + c + " appears twice");
                }
            }
        }
        if (u.defaultArm() != null && discriminant(u) instanceof TypeRef.Named n) {
            for (Member m : ((EnumDef) get(n.name())).members()) {
                out.putIfAbsent(m.value(), u.defaultArm());
            }
        }
        return out;
    }

    /** The fewest bytes an encoding of {@code t} takes; used to refuse forged array lengths. */
    public int minSize(TypeRef t) {
        return minSize(t, new HashSet<>());
    }

    private int minSize(TypeRef t, Set<String> visiting) {
        if (t instanceof TypeRef.Primitive p) {
            return p.kind() == Kind.HYPER || p.kind() == Kind.UHYPER ? 8 : 4;
        }
        if (t instanceof TypeRef.FixedOpaque o) {
            return padded(o.length());
        }
        if (t instanceof TypeRef.FixedArray a) {
            return a.length() * minSize(a.element(), visiting);
        }
        if (t instanceof TypeRef.Named n) {
            return namedMinSize(n.name(), visiting);
        }
        return 4; // a length or presence flag
    }

    private int namedMinSize(String name, Set<String> visiting) {
        if (!visiting.add(name)) {
            return 4;
        }
        try {
            Definition d = get(name);
            if (d instanceof EnumDef) {
                return 4;
            }
            if (d instanceof StructDef s) {
                int sum = 0;
                for (Declaration f : s.fields()) {
                    sum += minSize(resolve(f), visiting);
                }
                return sum;
            }
            UnionDef u = (UnionDef) d;
            int min = Integer.MAX_VALUE;
            for (Arm a : cases(u).values()) {
                min = Math.min(min, a.declaration() == null ? 0 : minSize(resolve(a.declaration()), visiting));
            }
            return 4 + (min == Integer.MAX_VALUE ? 0 : min);
        } finally {
            visiting.remove(name);
        }
    }

    /** The encoded size of {@code t} if every value of it has the same size, else -1. */
    public int fixedSize(TypeRef t) {
        if (t instanceof TypeRef.Primitive p) {
            return p.kind() == Kind.HYPER || p.kind() == Kind.UHYPER ? 8 : 4;
        }
        if (t instanceof TypeRef.FixedOpaque o) {
            return padded(o.length());
        }
        if (t instanceof TypeRef.FixedArray a) {
            int e = fixedSize(a.element());
            return e < 0 ? -1 : e * a.length();
        }
        if (t instanceof TypeRef.Named n) {
            return namedFixedSize(n.name());
        }
        return -1;
    }

    private int namedFixedSize(String name) {
        if (recursive.contains(name)) {
            return -1;
        }
        Definition d = get(name);
        if (d instanceof EnumDef) {
            return 4;
        }
        if (d instanceof StructDef s) {
            int sum = 0;
            for (Declaration f : s.fields()) {
                int n = fixedSize(resolve(f));
                if (n < 0) {
                    return -1;
                }
                sum += n;
            }
            return sum;
        }
        return -1;
    }

    private boolean reaches(String target, String from, Set<String> seen) {
        if (!seen.add(from)) {
            return false;
        }
        Definition d = byName.get(from);
        List<Declaration> children = new ArrayList<>();
        if (d instanceof StructDef s) {
            children.addAll(s.fields());
        } else if (d instanceof UnionDef u) {
            u.arms().forEach(a -> {
                if (a.declaration() != null) {
                    children.add(a.declaration());
                }
            });
            if (u.defaultArm() != null && u.defaultArm().declaration() != null) {
                children.add(u.defaultArm().declaration());
            }
        } else if (d instanceof Typedef t) {
            children.add(t.declaration());
        }
        for (Declaration c : children) {
            String base = c.baseType();
            if (base.equals(target)) {
                return true;
            }
            if (byName.containsKey(base) && reaches(target, base, seen)) {
                return true;
            }
        }
        return false;
    }

    private void validate() {
        for (Definition d : byName.values()) {
            if (d instanceof StructDef s) {
                s.fields().forEach(this::resolve);
            } else if (d instanceof UnionDef u) {
                discriminant(u);
                cases(u).values().forEach(a -> {
                    if (a.declaration() != null) {
                        resolve(a.declaration());
                    }
                });
            } else if (d instanceof Typedef t) {
                resolve(t.declaration());
            }
        }
    }

    static int padded(int n) {
        return (n + 3) & ~3;
    }
}
