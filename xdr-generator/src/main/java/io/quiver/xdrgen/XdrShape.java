package io.quiver.xdrgen;

import io.quiver.xdrgen.Definition.Arm;
import io.quiver.xdrgen.Definition.EnumDef;
import io.quiver.xdrgen.Definition.Member;
import io.quiver.xdrgen.Definition.StructDef;
import io.quiver.xdrgen.Definition.UnionDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The structure of each named type on one line, in a normalized form that any XDR implementation
 * can print (typedefs resolved, cases sorted by value, defaults expanded), so two independent
 * models of the same format can be compared type by type.
 */
public final class XdrShape {

    private final XdrModel model;

    public XdrShape(XdrModel model) {
        this.model = model;
    }

    /** "Name shape" lines for every struct, union and enum reachable from the roots, sorted. */
    public List<String> lines(List<String> roots) {
        TreeSet<String> names = new TreeSet<>();
        roots.forEach(r -> visit(new TypeRef.Named(r), names));
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add(n + " " + shape(model.get(n)));
        }
        return out;
    }

    private void visit(TypeRef t, TreeSet<String> seen) {
        if (t instanceof TypeRef.Named n) {
                if (!seen.add(n.name())) {
                    return;
                }
                Definition d = model.get(n.name());
                if (d instanceof StructDef s) {
                    s.fields().forEach(f -> visit(model.resolve(f), seen));
                } else if (d instanceof UnionDef u) {
                    visit(model.discriminant(u), seen);
                    model.cases(u).values().forEach(a -> {
                        if (a.declaration() != null) {
                            visit(model.resolve(a.declaration()), seen);
                        }
                    });
                }
        } else if (t instanceof TypeRef.FixedArray a) {
            visit(a.element(), seen);
        } else if (t instanceof TypeRef.VarArray a) {
            visit(a.element(), seen);
        } else if (t instanceof TypeRef.Optional o) {
            visit(o.element(), seen);
        }
    }

    private String shape(Definition d) {
        if (d instanceof StructDef s) {
            List<String> fields = new ArrayList<>();
            s.fields().forEach(f -> fields.add(ref(model.resolve(f)) + " " + f.name()));
            return "struct {" + String.join("; ", fields) + "}";
        }
        if (d instanceof EnumDef e) {
            return "enum {" + String.join(",", e.members().stream().map(Member::value).sorted()
                    .map(String::valueOf).toList()) + "}";
        }
        UnionDef u = (UnionDef) d;
        Map<Integer, Arm> sorted = new TreeMap<>(model.cases(u));
        List<String> cases = new ArrayList<>();
        sorted.forEach((v, a) -> cases.add(v + ": " + arm(a)));
        if (u.defaultArm() != null && !(model.discriminant(u) instanceof TypeRef.Named)) {
            cases.add("default: " + arm(u.defaultArm()));
        }
        return "union switch(" + ref(model.discriminant(u)) + ") {" + String.join("; ", cases) + "}";
    }

    private String arm(Arm a) {
        return a.declaration() == null ? "void" : ref(model.resolve(a.declaration())) + " " + a.declaration().name();
    }

    static String ref(TypeRef t) {
        if (t instanceof TypeRef.Primitive p) {
            return switch (p.kind()) {
                case INT -> "int";
                case UINT -> "uint";
                case HYPER -> "hyper";
                case UHYPER -> "uhyper";
                case BOOL -> "bool";
            };
        }
        if (t instanceof TypeRef.Named n) {
            return n.name();
        }
        if (t instanceof TypeRef.FixedOpaque o) {
            return "opaque[" + o.length() + "]";
        }
        if (t instanceof TypeRef.VarOpaque o) {
            return (o.string() ? "string<" : "opaque<") + o.max() + ">";
        }
        if (t instanceof TypeRef.FixedArray a) {
            return ref(a.element()) + "[" + a.length() + "]";
        }
        if (t instanceof TypeRef.VarArray a) {
            return ref(a.element()) + "<" + a.max() + ">";
        }
        return ref(((TypeRef.Optional) t).element()) + "*";
    }
}
