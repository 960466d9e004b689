package io.quiver.ttp.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import io.quiver.service.endpoint.RangeTicket;
import io.quiver.ttp.pipeline.EventFilter;

/**
 * The Flight ticket {@code ttp_events:START:END[:FILTERS]}: ledgers START..END inclusive (END 0 =
 * live), FILTERS = {@code key=v1,v2;key=v3} with keys {@code type}, {@code asset}, {@code account},
 * {@code contract}, e.g. {@code ttp_events:100:200:type=transfer,mint;asset=native}.
 */
public record EventTicket(long start, OptionalLong end, EventFilter filter) {

    public static final String STREAM_TYPE = "ttp_events";

    public static EventTicket parse(String ticket) {
        RangeTicket r = RangeTicket.parse(ticket, STREAM_TYPE, true);
        List<String> types = new ArrayList<>();
        List<String> assets = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        List<String> contracts = new ArrayList<>();
        if (!r.options().isBlank()) {
            for (String clause : r.options().split(";")) {
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
        return new EventTicket(r.start(), r.end(), EventFilter.of(types, assets, accounts, contracts));
    }
}
