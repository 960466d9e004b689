package io.quiver.ttp.derived;

import io.quiver.stellar.StrKey;
import io.quiver.stellar.xdr.model.ClaimAtom;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.stellar.Addresses;
import io.quiver.ttp.stellar.Assets;
import java.util.List;

/**
 * A trade, one claim atom at a time: the seller (an offer's account, or a liquidity pool L...)
 * gives the asset it sold to the taker and receives the asset it bought, each leg through the
 * issuer rule. Offers, path payments and their pool sweeps all read this way.
 */
final class ClaimAtomEvents {

    private ClaimAtomEvents() {
    }

    static void add(TxContext c, int op, String taker, List<ClaimAtom> atoms, List<TokenTransferEvent> out) {
        for (ClaimAtom a : atoms) {
            switch (a.discriminant()) {
                case CLAIM_ATOM_TYPE_V0 -> {
                    var v = a.v0();
                    String seller = Addresses.account(v.sellerEd25519());
                    trade(c, op, taker, seller, Assets.of(v.assetSold()), v.amountSold(), Assets.of(v.assetBought()), v.amountBought(), out);
                }
                case CLAIM_ATOM_TYPE_ORDER_BOOK -> {
                    var v = a.orderBook();
                    trade(c, op, taker, Addresses.account(v.sellerId()), Assets.of(v.assetSold()), v.amountSold(),
                            Assets.of(v.assetBought()), v.amountBought(), out);
                }
                case CLAIM_ATOM_TYPE_LIQUIDITY_POOL -> {
                    var v = a.liquidityPool();
                    String pool = StrKey.encode(StrKey.Kind.LIQUIDITY_POOL, v.liquidityPoolId());
                    trade(c, op, taker, pool, Assets.of(v.assetSold()), v.amountSold(), Assets.of(v.assetBought()), v.amountBought(), out);
                }
            }
        }
    }

    private static void trade(TxContext c, int op, String taker, String seller, io.quiver.ttp.model.Asset sold, long amountSold,
            io.quiver.ttp.model.Asset bought, long amountBought, List<TokenTransferEvent> out) {
        out.add(c.issuerRule(op, seller, taker, sold, amountSold, null));
        out.add(c.issuerRule(op, taker, seller, bought, amountBought, null));
    }
}
