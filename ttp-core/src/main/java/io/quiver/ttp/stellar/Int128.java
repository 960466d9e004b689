package io.quiver.ttp.stellar;

import io.quiver.stellar.xdr.model.Int128Parts;
import java.math.BigInteger;

/** i128 = (hi int64, lo uint64) as an exact BigInteger. */
public final class Int128 {

    private Int128() {
    }

    public static BigInteger of(Int128Parts p) {
        BigInteger lo = new BigInteger(Long.toUnsignedString(p.lo()));
        return BigInteger.valueOf(p.hi()).shiftLeft(64).add(lo);
    }
}
