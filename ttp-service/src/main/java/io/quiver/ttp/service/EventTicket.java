package io.quiver.ttp.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import io.quiver.ttp.pipeline.EventFilter;

/**
 * The Flight ticket {@code ttp_events:START:END[:FILTERS]}: ledgers START..END inclusive (END 0 =
 * live), FILTERS = {@code key=v1,v2;key=v3} with keys {@code type}, {@code asset}, {@code account},
 * {@code contract}, e.g. {@code ttp_events:100:200:type=transfer,mint;asset=native}.
 */
public record EventTicket(long start, OptionalLong end, EventFilter filter) {

    public static final String STREAM_TYPE = "ttp_events";

    public static EventTicket parse(String ticket) {
        String[] parts = ticket.split(":", 4);
        if (parts.length < 3 || !parts[0].equals(STREAM_TYPE)) {
            String hint = parts[0].equals("stellar_ledger") ? " (ledgers are served by ingest-service on port 8815)" : "";
            throw new IllegalArgumentException("ticket '" + ticket + "': expected ttp_events:START:END[:FILTERS]" + hint);
        }
        long start;
        long end;
        try {
            start = Long.parseLong(parts[1]);
            end = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ticket '" + ticket + "': START and END must be ledger numbers");
        }
        if (start < 1) {
            throw new IllegalArgumentException("ticket '" + ticket + "': START must be 1 or more");
        }
        List<String> types = new ArrayList<>();
        List<String> assets = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        List<String> contracts = new ArrayList<>();
        if (parts.length == 4 && !parts[3].isBlank()) {
            for (String clause : parts[3].split(";")) {
                String[] kv = clause.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("ticket filter '" + clause + "': expected key=value[,value]");
                }
                List<String> values = Arrays.asList(kv[1].split(","));
                switch (kv[0].trim()) {
                    case "type" -> types.addAll(values);
                    case "asset" -> assets.addAll(values);
                    case "account" -> accounts.addAll(values);
                    case "contract" -> contracts.addAll(values);
                    default -> throw new IllegalArgumentException("ticket filter key '" + kv[0]
                            + "': expected type, asset, account or contract");
                }
            }
        }
        return new EventTicket(start, end == 0 || end < start ? OptionalLong.empty() : OptionalLong.of(end),
                EventFilter.of(types, assets, accounts, contracts));
    }
}
