package io.quiver.legacy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.quiver.schema.rows.TokenTransferEventRow;

/** Sample events covering every event type, muxed form, asset form and amount range. */
public final class TokenTransferEventProtoConverterTestData {

    private TokenTransferEventProtoConverterTestData() {
    }

    public static final byte[] HASH = new byte[32];
    public static final Instant CLOSED = Instant.parse("2024-09-02T10:50:19Z");
    public static final String SAC = "CAS3J7GYLGXMF6TDJBBYYSE3HQ6BBSMLNUQ34T6TZMYMW2EVH34XOWMA";
    public static final String G1 = "GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7";
    public static final String G2 = "GBRPYHIL2CI3FNQ4BXLFMNDLFJUNPU2HY3ZMFSHONUCEOASW7QC7OX2H";

    static {
        Arrays.fill(HASH, (byte) 0xab);
    }

    public static List<TokenTransferEventRow> samples() {
        List<TokenTransferEventRow> rows = new ArrayList<>();
        rows.add(row(0, "fee", G1, null, null, null, null, new BigInteger("100"), null, null, null, null));
        rows.add(row(1, "fee", G1, null, null, null, null, new BigInteger("-40000"), null, null, null, null));
        rows.add(row(2, "transfer", G1, G2, "native", null, null, new BigInteger("10000000"), "id", null, 0xFFFF_FFFF_FFFF_FFFFL, null));
        rows.add(row(3, "mint", null, G2, "issued", "USDC", G1, new BigInteger("18446947143889701584"), "text", "memo text", null, null));
        rows.add(row(4, "burn", G2, null, "issued", "ABCDEFGHIJKL", G1, BigInteger.ONE, null, null, null, null));
        rows.add(row(5, "clawback", G2, null, "issued", "EUR", G1, new BigInteger("5"), null, null, null, null));
        byte[] memo = new byte[32];
        memo[31] = 7;
        rows.add(row(6, "transfer", SAC, G2, null, null, null,
                new BigInteger("170141183460469231731687303715884105727"), "hash", null, null, memo));
        return rows;
    }

    private static TokenTransferEventRow row(int idx, String type, String from, String to, String assetType, String code,
                                             String issuer, BigInteger amount, String muxType, String muxText, Long muxId,
                                             byte[] muxHash) {
        Long op = type.equals("fee") ? null : (long) idx;
        return new TokenTransferEventRow(53_312_000L, CLOSED, HASH, 3, op, idx, type, SAC, from, to, assetType, code, issuer,
                amount, muxType, muxText, muxId, muxHash);
    }

}
