package io.quiver.ttp.verify;

import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.ledger.EntryChanges;
import io.quiver.stellar.ledger.LedgerTransactions;
import io.quiver.stellar.ledger.LedgerView;
import io.quiver.stellar.ledger.MetaChanges;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.ttp.model.Asset;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.stellar.Holdings;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Checks a ledger's events against its ledger-entry changes, transaction by transaction (what
 * stellar/go's VerifyEvents checks): the balances that moved (account XLM, trustlines except pool
 * shares, claimable balances, pool reserves; fee, operation, after and post-apply changes
 * together) must equal what the events move (fee, burn and clawback take from {@code from}, mint
 * gives to {@code to}, transfer does both). Contract holders (C...) and events without an asset are
 * outside what ledger entries show here and are left out.
 */
public final class EventVerifier {

    /** One holder whose balance of one asset moved differently than the events say. */
    public record Mismatch(long ledger, String txHash, int txIndex, String holder, Asset asset, BigInteger byChanges, BigInteger byEvents) {
        @Override
        public String toString() {
            return "ledger " + ledger + " transaction " + txHash + " (index " + txIndex + "): " + holder + " " + assetName(asset)
                    + ": ledger entries changed by " + byChanges + ", events say " + byEvents;
        }
    }

    private record Key(String holder, Asset asset) {
    }

    private final byte[] networkId;

    public EventVerifier(String passphrase) {
        this.networkId = NetworkIds.networkId(passphrase);
    }

    public List<Mismatch> verify(LedgerCloseMeta meta, List<TokenTransferEvent> events) {
        Map<String, List<TokenTransferEvent>> byTx = new HashMap<>();
        for (TokenTransferEvent e : events) {
            byTx.computeIfAbsent(e.meta().txHash(), h -> new ArrayList<>()).add(e);
        }
        LedgerView view = new LedgerView(meta);
        List<Mismatch> out = new ArrayList<>();
        for (LedgerTransactions.Applied tx : LedgerTransactions.of(view, networkId)) {
            String hash = HexFormat.of().formatHex(tx.hash());
            Map<Key, BigInteger> byChanges = changes(tx.processing());
            Map<Key, BigInteger> byEvents = events(byTx.getOrDefault(hash, List.of()));
            Map<String, Key> keys = new TreeMap<>(); // reported in holder, then asset order
            for (Key k : byChanges.keySet()) {
                keys.put(k.holder() + " " + assetName(k.asset()), k);
            }
            for (Key k : byEvents.keySet()) {
                keys.put(k.holder() + " " + assetName(k.asset()), k);
            }
            for (Key k : keys.values()) {
                BigInteger c = byChanges.getOrDefault(k, BigInteger.ZERO);
                BigInteger e = byEvents.getOrDefault(k, BigInteger.ZERO);
                if (!c.equals(e)) {
                    out.add(new Mismatch(view.sequence(), hash, tx.index() + 1, k.holder(), k.asset(), c, e));
                }
            }
        }
        return out;
    }

    private static Map<Key, BigInteger> changes(LedgerView.Processing p) {
        EntryChanges folded = new EntryChanges().add(p.feeChanges()).add(MetaChanges.all(p.meta())).add(p.postApplyFeeChanges());
        Map<Key, BigInteger> out = new HashMap<>();
        for (EntryChanges.Change ch : folded.changes()) {
            if (ch.pre() != null) {
                for (Holdings.Holding h : Holdings.of(ch.pre())) {
                    add(out, h.holder(), h.asset(), BigInteger.valueOf(h.amount()).negate());
                }
            }
            if (ch.post() != null) {
                for (Holdings.Holding h : Holdings.of(ch.post())) {
                    add(out, h.holder(), h.asset(), BigInteger.valueOf(h.amount()));
                }
            }
        }
        out.values().removeIf(v -> v.signum() == 0);
        return out;
    }

    private static Map<Key, BigInteger> events(List<TokenTransferEvent> events) {
        Map<Key, BigInteger> out = new HashMap<>();
        for (TokenTransferEvent e : events) {
            if (e.asset() == null) {
                continue;
            }
            switch (e.type()) {
                case FEE, BURN, CLAWBACK -> add(out, e.from(), e.asset(), e.amount().negate());
                case MINT -> add(out, e.to(), e.asset(), e.amount());
                case TRANSFER -> {
                    add(out, e.from(), e.asset(), e.amount().negate());
                    add(out, e.to(), e.asset(), e.amount());
                }
            }
        }
        out.values().removeIf(v -> v.signum() == 0);
        return out;
    }

    private static void add(Map<Key, BigInteger> m, String holder, Asset asset, BigInteger amount) {
        if (holder == null || holder.startsWith("C")) {
            return; // contract balances live in contract data, not in the entries checked here
        }
        m.merge(new Key(holder, asset), amount, BigInteger::add);
    }

    static String assetName(Asset a) {
        return a.isNative() ? "native" : Objects.requireNonNull(a.code()) + ":" + a.issuer();
    }
}
