package io.quiver.ttp.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.quiver.schema.rows.ContractEventRow;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;

/**
 * Which events a deployment keeps. Each list, when not empty, must match: {@code types} the event
 * type ({@code transfer mint burn clawback fee}), {@code assets} {@code native} or
 * {@code CODE:ISSUER}, {@code accounts} the {@code from} or {@code to} address (G, M, C, B or L),
 * {@code contracts} the emitting contract. Contract events are filtered by {@code contracts} only.
 * Filtering keeps each event's {@code event_index} (its place in the ledger's full list), so event
 * ids stay the same whatever the filter.
 */
public record EventFilter(Set<String> types, Set<String> assets, Set<String> accounts, Set<String> contracts) {

    private static final Set<String> TYPES = Set.of("transfer", "mint", "burn", "clawback", "fee");

    public static final EventFilter ALL = new EventFilter(Set.of(), Set.of(), Set.of(), Set.of());

    public EventFilter {
        types = types.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        for (String t : types) {
            if (!TYPES.contains(t)) {
                throw new IllegalArgumentException("event type filter '" + t + "': expected one of " + TYPES);
            }
        }
        for (String a : assets) {
            if (!a.equals("native") && !a.matches("[A-Za-z0-9]{1,12}:G[A-Z2-7]{55}")) {
                throw new IllegalArgumentException("asset filter '" + a + "': expected native or CODE:ISSUER");
            }
        }
        assets = Set.copyOf(assets);
        accounts = Set.copyOf(accounts);
        contracts = Set.copyOf(contracts);
    }

    public static EventFilter of(List<String> types, List<String> assets, List<String> accounts, List<String> contracts) {
        return new EventFilter(Set.copyOf(types), Set.copyOf(assets), Set.copyOf(accounts), Set.copyOf(contracts));
    }

    public boolean keepsAll() {
        return types.isEmpty() && assets.isEmpty() && accounts.isEmpty() && contracts.isEmpty();
    }

    public boolean test(TokenTransferEventRow e) {
        if (!types.isEmpty() && !types.contains(e.eventType())) {
            return false;
        }
        if (!assets.isEmpty()) {
            String asset = e.assetType() == null ? null : e.assetType().equals("native") ? "native"
                    : e.assetCode() + ":" + e.assetIssuer();
            if (asset == null || !assets.contains(asset)) {
                return false;
            }
        }
        if (!accounts.isEmpty() && !(e.from() != null && accounts.contains(e.from()) || e.to() != null && accounts.contains(e.to()))) {
            return false;
        }
        return contracts.isEmpty() || contracts.contains(e.contractAddress());
    }

    /** As {@link #test(TokenTransferEventRow)}, on row {@code i} of a batch, reading only the columns a list needs. */
    public boolean test(TokenTransferEventVectors v, int i) {
        if (keepsAll()) {
            return true;
        }
        if (!types.isEmpty() && !types.contains(v.eventType(i))) {
            return false;
        }
        if (!assets.isEmpty()) {
            String type = v.assetType(i);
            String asset = type == null ? null : type.equals("native") ? "native" : v.assetCode(i) + ":" + v.assetIssuer(i);
            if (asset == null || !assets.contains(asset)) {
                return false;
            }
        }
        if (!accounts.isEmpty()) {
            String from = v.from(i);
            String to = v.to(i);
            if (!(from != null && accounts.contains(from) || to != null && accounts.contains(to))) {
                return false;
            }
        }
        return contracts.isEmpty() || contracts.contains(v.contractAddress(i));
    }

    public boolean test(ContractEventRow e) {
        return contracts.isEmpty() || e.contractId() != null && contracts.contains(e.contractId());
    }
}
