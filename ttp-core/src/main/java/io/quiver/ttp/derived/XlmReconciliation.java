package io.quiver.ttp.derived;

import io.quiver.stellar.ledger.EntryChanges;
import io.quiver.stellar.xdr.model.LedgerEntry;
import io.quiver.stellar.xdr.model.LedgerEntryType;
import io.quiver.stellar.xdr.model.MuxedAccount;
import io.quiver.ttp.model.Asset;
import io.quiver.ttp.model.EventType;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.stellar.Addresses;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Before protocol 8 core could create or destroy XLM by mistake (CAP-67's "pre-protocol 8 bug"):
 * after each operation, the source account's XLM balance change in the ledger-entry changes is
 * compared with what the operation's events say; a surplus becomes a mint in front, a shortfall a
 * burn at the end.
 */
final class XlmReconciliation {

    static final int FIXED_IN_PROTOCOL = 8;

    private XlmReconciliation() {
    }

    static void apply(TxContext c, int op, MuxedAccount sourceMuxed, List<TokenTransferEvent> opEvents) {
        String source = Addresses.account(sourceMuxed);
        byte[] key = Addresses.ed25519(sourceMuxed);
        long balanceChange = 0;
        for (EntryChanges.Change ch : OperationEvents.changes(c, op)) {
            if (ch.key().discriminant() == LedgerEntryType.ACCOUNT && Arrays.equals(ch.key().account().accountId().ed25519(), key)) {
                balanceChange = balance(ch.post()) - balance(ch.pre());
            }
        }
        BigInteger byEvents = BigInteger.ZERO;
        for (TokenTransferEvent e : opEvents) {
            if (e.asset() == null || !e.asset().isNative()) {
                continue;
            }
            if (source.equals(e.to())) {
                byEvents = byEvents.add(e.amount());
            }
            if (source.equals(e.from())) {
                byEvents = byEvents.subtract(e.amount());
            }
        }
        long diff = BigInteger.valueOf(balanceChange).subtract(byEvents).longValueExact();
        if (diff > 0) {
            opEvents.add(0, c.classic(op, EventType.MINT, null, source, Asset.NATIVE, diff, null));
        } else if (diff < 0) {
            opEvents.add(c.classic(op, EventType.BURN, source, null, Asset.NATIVE, -diff, null));
        }
    }

    private static long balance(LedgerEntry e) {
        return e == null ? 0 : e.data().account().balance();
    }
}
