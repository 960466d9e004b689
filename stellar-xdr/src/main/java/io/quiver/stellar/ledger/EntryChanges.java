package io.quiver.stellar.ledger;

import io.quiver.stellar.xdr.model.LedgerEntry;
import io.quiver.stellar.xdr.model.LedgerEntryChange;
import io.quiver.stellar.xdr.model.LedgerEntryData;
import io.quiver.stellar.xdr.model.LedgerKey;
import io.quiver.stellar.xdr.model.LedgerKeyAccount;
import io.quiver.stellar.xdr.model.LedgerKeyClaimableBalance;
import io.quiver.stellar.xdr.model.LedgerKeyConfigSetting;
import io.quiver.stellar.xdr.model.LedgerKeyContractCode;
import io.quiver.stellar.xdr.model.LedgerKeyContractData;
import io.quiver.stellar.xdr.model.LedgerKeyData;
import io.quiver.stellar.xdr.model.LedgerKeyLiquidityPool;
import io.quiver.stellar.xdr.model.LedgerKeyOffer;
import io.quiver.stellar.xdr.model.LedgerKeyTrustLine;
import io.quiver.stellar.xdr.model.LedgerKeyTtl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ledger-entry changes folded into one before/after pair per entry: core writes a modified entry as
 * STATE then UPDATED (or REMOVED), a new one as CREATED; several lists in a row (fee, before,
 * operations, after) fold the same way. {@code pre} is null for an entry that was created,
 * {@code post} null for one that was removed; a RESTORED entry counts as its state before.
 */
public final class EntryChanges {

    public record Change(LedgerKey key, LedgerEntry pre, LedgerEntry post) {
    }

    /** pre: the state before the first change seen; post: the latest state (null once removed). */
    private static final class Slot {
        LedgerEntry pre;
        LedgerEntry post;
    }

    private final Map<LedgerKey, Slot> byKey = new LinkedHashMap<>();

    public static List<Change> of(List<LedgerEntryChange> changes) {
        return new EntryChanges().add(changes).changes();
    }

    public EntryChanges add(List<LedgerEntryChange> changes) {
        for (LedgerEntryChange c : changes) {
            switch (c.discriminant()) {
                case LEDGER_ENTRY_STATE -> state(c.state());
                case LEDGER_ENTRY_RESTORED -> state(c.restored());
                case LEDGER_ENTRY_CREATED -> slot(key(c.created())).post = c.created();
                case LEDGER_ENTRY_UPDATED -> slot(key(c.updated())).post = c.updated();
                case LEDGER_ENTRY_REMOVED -> slot(c.removed()).post = null;
            }
        }
        return this;
    }

    public List<Change> changes() {
        List<Change> out = new ArrayList<>(byKey.size());
        byKey.forEach((k, s) -> out.add(new Change(k, s.pre, s.post)));
        return out;
    }

    /** A STATE names the value before the change that follows; only the first one is "before". */
    private void state(LedgerEntry e) {
        LedgerKey k = key(e);
        Slot s = byKey.get(k);
        if (s == null) {
            s = new Slot();
            s.pre = e;
            byKey.put(k, s);
        }
        s.post = e;
    }

    private Slot slot(LedgerKey key) {
        return byKey.computeIfAbsent(key, k -> new Slot());
    }

    /** The key of an entry, as core would name it in a REMOVED change. */
    public static LedgerKey key(LedgerEntry e) {
        LedgerEntryData d = e.data();
        return switch (d.discriminant()) {
            case ACCOUNT -> LedgerKey.account(new LedgerKeyAccount(d.account().accountId()));
            case TRUSTLINE -> LedgerKey.trustLine(new LedgerKeyTrustLine(d.trustLine().accountId(), d.trustLine().asset()));
            case OFFER -> LedgerKey.offer(new LedgerKeyOffer(d.offer().sellerId(), d.offer().offerId()));
            case DATA -> LedgerKey.data(new LedgerKeyData(d.data().accountId(), d.data().dataName()));
            case CLAIMABLE_BALANCE -> LedgerKey.claimableBalance(new LedgerKeyClaimableBalance(d.claimableBalance().balanceId()));
            case LIQUIDITY_POOL -> LedgerKey.liquidityPool(new LedgerKeyLiquidityPool(d.liquidityPool().liquidityPoolId()));
            case CONTRACT_DATA -> LedgerKey.contractData(new LedgerKeyContractData(d.contractData().contract(), d.contractData().key(),
                    d.contractData().durability()));
            case CONTRACT_CODE -> LedgerKey.contractCode(new LedgerKeyContractCode(d.contractCode().hash()));
            case CONFIG_SETTING -> LedgerKey.configSetting(new LedgerKeyConfigSetting(d.configSetting().discriminant()));
            case TTL -> LedgerKey.ttl(new LedgerKeyTtl(d.ttl().keyHash()));
        };
    }
}
