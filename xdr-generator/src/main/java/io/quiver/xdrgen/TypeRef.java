package io.quiver.xdrgen;

/** A type as a declaration uses it, with typedefs already resolved to what they stand for. */
public sealed interface TypeRef {

    /** XDR's {@code <>}: the largest length a 32-bit count can hold. */
    long UNBOUNDED_BYTES = 0xFFFFFFFFL;
    /** Unbounded arrays: capped at the largest Java array, as other Stellar SDKs do. */
    long UNBOUNDED_ARRAY = Integer.MAX_VALUE;

    enum Kind { INT, UINT, HYPER, UHYPER, BOOL }

    record Primitive(Kind kind) implements TypeRef { }

    record Named(String name) implements TypeRef { }

    record FixedOpaque(int length) implements TypeRef { }

    /** {@code opaque<max>} or {@code string<max>}: both are bytes on the wire and here. */
    record VarOpaque(long max, boolean string) implements TypeRef { }

    record FixedArray(TypeRef element, int length) implements TypeRef { }

    record VarArray(TypeRef element, long max) implements TypeRef { }

    record Optional(TypeRef element) implements TypeRef { }
}
