package io.quiver.ttp.stellar;

import io.quiver.stellar.StrKey;
import io.quiver.stellar.xdr.model.LedgerEntry;
import io.quiver.stellar.xdr.model.LedgerEntryData;
import io.quiver.stellar.xdr.model.LiquidityPoolEntryConstantProduct;
import io.quiver.stellar.xdr.model.TrustLineAsset;
import io.quiver.ttp.model.Asset;
import java.util.List;

/**
 * What a ledger entry holds, as (holder, asset, amount): an account its XLM, a trustline its asset
 * (pool-share trustlines hold no token), a claimable balance (B...) its asset, a liquidity pool
 * (L...) both reserves. Other entries hold nothing an event moves.
 */
public final class Holdings {

    public record Holding(String holder, Asset asset, long amount) {
    }

    private Holdings() {
    }

    public static List<Holding> of(LedgerEntry e) {
        LedgerEntryData d = e.data();
        return switch (d.discriminant()) {
            case ACCOUNT -> List.of(new Holding(Addresses.account(d.account().accountId()), Asset.NATIVE, d.account().balance()));
            case TRUSTLINE -> {
                Asset asset = asset(d.trustLine().asset());
                yield asset == null ? List.of() : List.of(new Holding(Addresses.account(d.trustLine().accountId()), asset,
                        d.trustLine().balance()));
            }
            case CLAIMABLE_BALANCE -> List.of(new Holding(Addresses.claimableBalance(d.claimableBalance().balanceId()),
                    Assets.of(d.claimableBalance().asset()), d.claimableBalance().amount()));
            case LIQUIDITY_POOL -> {
                String pool = StrKey.encode(StrKey.Kind.LIQUIDITY_POOL, d.liquidityPool().liquidityPoolId());
                LiquidityPoolEntryConstantProduct cp = d.liquidityPool().body().constantProduct();
                yield List.of(new Holding(pool, Assets.of(cp.params().assetA()), cp.reserveA()),
                        new Holding(pool, Assets.of(cp.params().assetB()), cp.reserveB()));
            }
            default -> List.of();
        };
    }

    /** A trustline's asset; null for a pool share. */
    public static Asset asset(TrustLineAsset a) {
        return switch (a.discriminant()) {
            case ASSET_TYPE_CREDIT_ALPHANUM4 -> Asset.issued(Assets.code(a.alphaNum4().assetCode()), Addresses.account(a.alphaNum4().issuer()));
            case ASSET_TYPE_CREDIT_ALPHANUM12 -> Asset.issued(Assets.code(a.alphaNum12().assetCode()),
                    Addresses.account(a.alphaNum12().issuer()));
            default -> null;
        };
    }
}
