package io.quiver.sink.events;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.ttp.pipeline.EventFilter;

/**
 * Which token transfer events a client asked for, shared by REST and the live feed: event types,
 * assets ({@code native} or {@code CODE:ISSUER}), accounts (the {@code from} or {@code to}
 * address), contracts (the emitting contract), and a minimum amount in raw units. Lists are
 * comma-separated as query parameters; each list, when given, must match. Validated up front so a
 * bad value is a one-line error naming it, and turned into bound SQL parameters, never into SQL text.
 */
public record EventSelection(EventFilter filter, BigInteger minAmount) {

    /** No list may hold more values than this (a filter is checked on every event of the feed). */
    public static final int MAX_VALUES = 100;

    private static final Pattern ADDRESS = Pattern.compile("[GCBL][A-Z2-7]{55}|M[A-Z2-7]{68}");
    private static final Pattern CONTRACT = Pattern.compile("C[A-Z2-7]{55}");

    public static final EventSelection ALL = new EventSelection(EventFilter.ALL, null);

    /** From the query parameters {@code types, assets, accounts, contracts, min_amount} (each may be null or blank). */
    public static EventSelection parse(String types, String assets, String accounts, String contracts, String minAmount) {
        List<String> a = list("accounts", accounts);
        for (String x : a) {
            if (!ADDRESS.matcher(x).matches()) {
                throw new IllegalArgumentException("accounts: '" + x + "' is not a G, M, C, B or L address");
            }
        }
        List<String> c = list("contracts", contracts);
        for (String x : c) {
            if (!CONTRACT.matcher(x).matches()) {
                throw new IllegalArgumentException("contracts: '" + x + "' is not a C... contract address");
            }
        }
        BigInteger min = null;
        if (minAmount != null && !minAmount.isBlank()) {
            try {
                min = new BigInteger(minAmount.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("min_amount: '" + minAmount + "' is not an integer (raw units, e.g. 10000000 for 1 XLM)");
            }
        }
        List<String> t = list("types", types).stream().map(x -> x.toLowerCase(Locale.ROOT)).toList();
        try {
            return new EventSelection(EventFilter.of(t, list("assets", assets), a, c), min);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("event type filter", "types").replace("asset filter", "assets"));
        }
    }

    private static List<String> list(String name, String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        List<String> out = Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (out.size() > MAX_VALUES) {
            throw new IllegalArgumentException(name + ": " + out.size() + " values, at most " + MAX_VALUES);
        }
        return out;
    }

    /** Whether the event passes. */
    public boolean test(TokenTransferEventRow e) {
        return filter.test(e) && (minAmount == null || e.amount().compareTo(minAmount) >= 0);
    }

    /**
     * The selection as SQL conditions over {@code token_transfer_events} ({@code TRUE} when empty),
     * its values appended to {@code params} in order.
     */
    public String sql(List<Object> params) {
        List<String> and = new ArrayList<>();
        if (!filter.types().isEmpty()) {
            and.add("event_type IN " + placeholders(filter.types(), params));
        }
        if (!filter.assets().isEmpty()) {
            List<String> or = new ArrayList<>();
            for (String asset : filter.assets().stream().sorted().toList()) {
                if (asset.equals("native")) {
                    or.add("asset_type = 'native'");
                } else {
                    int colon = asset.indexOf(':');
                    or.add("(asset_code = ? AND asset_issuer = ?)");
                    params.add(asset.substring(0, colon));
                    params.add(asset.substring(colon + 1));
                }
            }
            and.add("(" + String.join(" OR ", or) + ")");
        }
        if (!filter.accounts().isEmpty()) {
            String from = placeholders(filter.accounts(), params);
            String to = placeholders(filter.accounts(), params);
            and.add("(\"from\" IN " + from + " OR \"to\" IN " + to + ")");
        }
        if (!filter.contracts().isEmpty()) {
            and.add("contract_address IN " + placeholders(filter.contracts(), params));
        }
        if (minAmount != null) {
            // amount_decimal is null only past 10^38; the exact text decides there
            and.add("coalesce(amount_decimal >= ?::DECIMAL(38,0), CAST(amount AS HUGEINT) >= ?::HUGEINT)");
            BigDecimal clamped = new BigDecimal(minAmount.max(BigInteger.TEN.pow(38).negate().add(BigInteger.ONE))
                    .min(BigInteger.TEN.pow(38).subtract(BigInteger.ONE)));
            params.add(clamped);
            params.add(minAmount.toString());
        }
        return and.isEmpty() ? "TRUE" : String.join(" AND ", and);
    }

    private static String placeholders(Set<String> values, List<Object> params) {
        List<String> sorted = values.stream().sorted().toList();
        params.addAll(sorted);
        return "(" + String.join(", ", sorted.stream().map(v -> "?").toList()) + ")";
    }
}
