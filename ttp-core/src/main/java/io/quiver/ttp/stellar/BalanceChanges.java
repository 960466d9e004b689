package io.quiver.ttp.stellar;

import io.quiver.stellar.xdr.model.LedgerEntry;
import io.quiver.stellar.xdr.model.LedgerEntryChange;
import io.quiver.stellar.xdr.model.LedgerEntryType;
import java.util.Arrays;
import java.util.List;

/** How an account's XLM balance moved across a list of ledger-entry changes (state -> updated pairs). */
public final class BalanceChanges {

    private BalanceChanges() {
    }

    /** The change of the account with ed25519 key {@code key}; raw keys compare without encoding a strkey per entry. */
    public static long accountDelta(List<LedgerEntryChange> changes, byte[] key) {
        long delta = 0;
        Long before = null;
        for (LedgerEntryChange c : changes) {
            switch (c.discriminant()) {
                case LEDGER_ENTRY_STATE -> before = balanceOf(c.state(), key, before);
                case LEDGER_ENTRY_UPDATED, LEDGER_ENTRY_RESTORED -> {
                    LedgerEntry e = c.discriminant() == io.quiver.stellar.xdr.model.LedgerEntryChangeType.LEDGER_ENTRY_UPDATED
                            ? c.updated() : c.restored();
                    Long after = balanceOf(e, key, null);
                    if (after != null) {
                        delta += after - (before == null ? 0 : before);
                        before = after;
                    }
                }
                case LEDGER_ENTRY_CREATED -> {
                    Long after = balanceOf(c.created(), key, null);
                    if (after != null) {
                        delta += after;
                        before = after;
                    }
                }
                default -> { }
            }
        }
        return delta;
    }

    private static Long balanceOf(LedgerEntry e, byte[] key, Long otherwise) {
        if (e.data().discriminant() == LedgerEntryType.ACCOUNT && Arrays.equals(e.data().account().accountId().ed25519(), key)) {
            return e.data().account().balance();
        }
        return otherwise;
    }
}
