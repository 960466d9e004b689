package io.quiver.ttp.derived;

import io.quiver.stellar.StrKey;
import io.quiver.stellar.ledger.EntryChanges;
import io.quiver.stellar.xdr.XdrWriter;
import io.quiver.stellar.xdr.model.PublicKey;
import io.quiver.stellar.xdr.model.LedgerEntry;
import io.quiver.stellar.xdr.model.LedgerEntryType;
import io.quiver.stellar.xdr.model.LiquidityPoolEntryConstantProduct;
import io.quiver.stellar.xdr.model.MuxedAccount;
import io.quiver.ttp.model.Asset;
import io.quiver.ttp.model.EventType;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.stellar.Addresses;
import io.quiver.ttp.stellar.Assets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/** Liquidity pools: deposits, withdrawals and the pool shares a trustline revocation pulls out. */
final class PoolEvents {

    /** EnvelopeType ENVELOPE_TYPE_POOL_REVOKE_OP_ID (CAP-38). */
    private static final int POOL_REVOKE_OP_ID = 7;

    private PoolEvents() {
    }

    /** Source -> L... for both assets, amounts the reserves' growth. */
    static void deposit(TxContext c, int op, String source, byte[] poolId, List<EntryChanges.Change> changes, List<TokenTransferEvent> out) {
        EntryChanges.Change pool = poolChange(changes, poolId);
        LiquidityPoolEntryConstantProduct pre = product(pool.pre());
        LiquidityPoolEntryConstantProduct post = product(pool.post());
        String l = pool(poolId);
        out.add(c.issuerRule(op, source, l, Assets.of(post.params().assetA()), post.reserveA() - reserve(pre, true), null));
        out.add(c.issuerRule(op, source, l, Assets.of(post.params().assetB()), post.reserveB() - reserve(pre, false), null));
    }

    /** L... -> source for both assets, amounts the reserves' shrinkage. */
    static void withdraw(TxContext c, int op, MuxedAccount source, byte[] poolId, List<EntryChanges.Change> changes,
            List<TokenTransferEvent> out) {
        EntryChanges.Change pool = poolChange(changes, poolId);
        LiquidityPoolEntryConstantProduct pre = product(pool.pre());
        LiquidityPoolEntryConstantProduct post = pool.post() == null ? null : product(pool.post());
        String l = pool(poolId);
        String to = Addresses.account(source);
        out.add(c.issuerRule(op, l, to, Assets.of(pre.params().assetA()), pre.reserveA() - reserve(post, true), c.muxedInfo(source)));
        out.add(c.issuerRule(op, l, to, Assets.of(pre.params().assetB()), pre.reserveB() - reserve(post, false), c.muxedInfo(source)));
    }

    /**
     * Revoking a trustor's authorization (AllowTrust / SetTrustLineFlags) redeems its pool shares
     * that involve the asset: each pool's outgoing reserve goes into a claimable balance whose id is
     * fixed by CAP-38 (tx source, sequence number, operation index, pool, asset), or, when the
     * trustor is that asset's issuer, back to the issuer (a burn from the pool).
     */
    static void revocation(TxContext c, int op, List<EntryChanges.Change> changes, List<TokenTransferEvent> out) {
        for (EntryChanges.Change ch : changes) {
            if (ch.key().discriminant() != LedgerEntryType.LIQUIDITY_POOL || ch.pre() == null) {
                continue;
            }
            byte[] poolId = ch.key().liquidityPool().liquidityPoolId();
            LiquidityPoolEntryConstantProduct pre = product(ch.pre());
            LiquidityPoolEntryConstantProduct post = ch.post() == null ? null : product(ch.post());
            redeemed(c, op, poolId, pre.params().assetA(), pre.reserveA() - reserve(post, true), changes, out);
            redeemed(c, op, poolId, pre.params().assetB(), pre.reserveB() - reserve(post, false), changes, out);
        }
    }

    private static void redeemed(TxContext c, int op, byte[] poolId, io.quiver.stellar.xdr.model.Asset xdrAsset, long amount,
            List<EntryChanges.Change> changes, List<TokenTransferEvent> out) {
        if (amount <= 0) {
            return;
        }
        byte[] balanceId = revokeBalanceId(c, op, poolId, xdrAsset);
        Asset asset = Assets.of(xdrAsset);
        String l = pool(poolId);
        for (EntryChanges.Change ch : changes) {
            if (ch.key().discriminant() == LedgerEntryType.CLAIMABLE_BALANCE && ch.pre() == null && ch.post() != null
                    && Arrays.equals(ch.key().claimableBalance().balanceId().v0(), balanceId)) {
                var cb = ch.post().data().claimableBalance();
                out.add(c.issuerRule(op, l, Addresses.claimableBalance(cb.balanceId()), asset, cb.amount(), null));
                return;
            }
        }
        out.add(c.classic(op, EventType.BURN, l, null, asset, amount, null));
    }

    /** sha256 of the HashIDPreimage revokeID arm; opNum is 0-based like core's operation index. */
    static byte[] revokeBalanceId(TxContext c, int op, byte[] poolId, io.quiver.stellar.xdr.model.Asset asset) {
        XdrWriter w = new XdrWriter(128);
        w.writeInt(POOL_REVOKE_OP_ID);
        w.writeRaw(PublicKey.ed25519(Addresses.ed25519(c.txSourceMuxed)).toXdr());
        w.writeHyper(io.quiver.stellar.ledger.Envelopes.sequenceNumber(c.tx.envelope()));
        w.writeInt(op - 1);
        w.writeFixedOpaque(poolId);
        w.writeRaw(asset.toXdr());
        try {
            return MessageDigest.getInstance("SHA-256").digest(w.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EntryChanges.Change poolChange(List<EntryChanges.Change> changes, byte[] poolId) {
        for (EntryChanges.Change ch : changes) {
            if (ch.key().discriminant() == LedgerEntryType.LIQUIDITY_POOL
                    && Arrays.equals(ch.key().liquidityPool().liquidityPoolId(), poolId)) {
                return ch;
            }
        }
        throw new IllegalStateException("no change of liquidity pool " + pool(poolId) + " in the operation's ledger-entry changes");
    }

    private static LiquidityPoolEntryConstantProduct product(LedgerEntry e) {
        return e.data().liquidityPool().body().constantProduct();
    }

    private static long reserve(LiquidityPoolEntryConstantProduct p, boolean a) {
        return p == null ? 0 : a ? p.reserveA() : p.reserveB();
    }

    private static String pool(byte[] poolId) {
        return StrKey.encode(StrKey.Kind.LIQUIDITY_POOL, poolId);
    }
}
