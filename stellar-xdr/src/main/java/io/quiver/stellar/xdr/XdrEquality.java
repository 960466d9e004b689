package io.quiver.stellar.xdr;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Value equality for generated types whose fields hold bytes: opaque data is a byte[], which Java
 * compares by identity, also inside lists.
 */
public final class XdrEquality {

    private XdrEquality() {
    }

    public static boolean equal(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    public static int hash(Object... values) {
        int h = 1;
        for (Object v : values) {
            h = 31 * h + hashOne(v);
        }
        return h;
    }

    private static int hashOne(Object v) {
        if (v instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (v instanceof List<?> list) {
            int h = 1;
            for (Object e : list) {
                h = 31 * h + hashOne(e);
            }
            return h;
        }
        return Objects.hashCode(v);
    }
}
