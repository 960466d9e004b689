package io.quiver.lake.testing;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Random;

import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Deterministic token transfer event batches shaped like mainnet's: ledgers 5 s apart, about 900
 * events a ledger, mostly fees and transfers, a handful of assets, amounts up to 38 digits. The same
 * seed and range give the same rows, so tests can recompute what the lake must hold.
 */
public final class TtpEventBatches {

    /** Asset codes, null for the native asset (XLM). */
    public static final String[] ASSETS = {null, "USDC", "EURC", "AQUA", "yXLM", "BTC"};
    private static final String[] TYPES = {"fee", "transfer", "transfer", "transfer", "mint", "burn", "clawback"};
    /** 2025-06-01T23:50:00Z: ledgers from here cross midnight within a few hundred ledgers. */
    public static final long START_EPOCH_SECOND = 1_748_821_800L;

    private final long seed;
    private final int eventsPerLedger;

    public TtpEventBatches(long seed, int eventsPerLedger) {
        this.seed = seed;
        this.eventsPerLedger = eventsPerLedger;
    }

    /** Events of ledgers {@code [first, first + ledgers)} in one root the caller owns. */
    public VectorSchemaRoot batch(BufferAllocator allocator, long first, int ledgers) {
        VectorSchemaRoot root = TokenTransferEventVectors.newRoot(allocator);
        TokenTransferEventVectors vectors = new TokenTransferEventVectors(root);
        int i = 0;
        for (long ledger = first; ledger < first + ledgers; ledger++) {
            for (int e = 0; e < eventsPerLedger; e++) {
                vectors.set(i++, row(ledger, e));
            }
        }
        root.setRowCount(i);
        return root;
    }

    public TokenTransferEventRow row(long ledger, int e) {
        Random rnd = new Random(seed * 1_000_003L + ledger * 7919L + e);
        String type = TYPES[rnd.nextInt(TYPES.length)];
        String code = ASSETS[rnd.nextInt(ASSETS.length)];
        byte[] hash = new byte[32];
        rnd.nextBytes(hash);
        BigInteger amount = rnd.nextInt(50) == 0
                ? new BigInteger(120, rnd).add(BigInteger.ONE)
                : BigInteger.valueOf(1 + rnd.nextInt(1_000_000_000));
        Instant closedAt = Instant.ofEpochSecond(START_EPOCH_SECOND + (ledger - 1) * 5);
        long tx = 1 + e / 3;
        Long op = type.equals("fee") ? null : Long.valueOf(1 + e % 3);
        String from = type.equals("mint") ? null : "GA" + ledger + "X" + rnd.nextInt(500);
        String to = type.equals("burn") || type.equals("clawback") || type.equals("fee") && rnd.nextBoolean() ? null
                : "GB" + rnd.nextInt(500);
        return new TokenTransferEventRow(ledger, closedAt, hash, tx, op, e, type,
                "CAS3J7GYLGXMF6TDJBBYYSE3HQ6BBSMLNUQ34T6TZMYMW2EVH34XOWMA",
                from, to, code == null ? "native" : "issued", code,
                code == null ? null : "GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN",
                amount, null, null, null, null);
    }
}
