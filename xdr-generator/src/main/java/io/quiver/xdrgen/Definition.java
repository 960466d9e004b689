package io.quiver.xdrgen;

import java.util.List;

/** One named definition of an XDR file. Declarations keep the unresolved base name. */
public sealed interface Definition {

    String name();

    /** {@code type name} with its suffix: {@code [n]}, {@code <max>} or a leading {@code *}. */
    record Declaration(String name, String baseType, Suffix suffix, long size) {
        public enum Suffix { NONE, FIXED, VARIABLE, OPTIONAL }
    }

    record Typedef(String name, Declaration declaration) implements Definition { }

    record Member(String name, int value) { }

    record EnumDef(String name, List<Member> members) implements Definition { }

    record StructDef(String name, List<Declaration> fields) implements Definition { }

    /** One arm: the case labels that select it and its declaration, null for void. */
    record Arm(List<String> cases, Declaration declaration) { }

    /** A union; {@code defaultArm} is null when there is no default, or an Arm without cases. */
    record UnionDef(String name, String discriminantName, String discriminantType, List<Arm> arms, Arm defaultArm)
            implements Definition { }

    record Const(String name, long value) implements Definition { }
}
