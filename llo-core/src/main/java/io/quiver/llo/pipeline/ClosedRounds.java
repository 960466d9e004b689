package io.quiver.llo.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quiver.llo.pipeline.RoundCollector.RoundKey;

/**
 * Rounds already published whose observations may still be read again: those of a partition
 * lying after its committed offset (the offset stops at the first record an open round holds, so
 * rounds closed meanwhile are behind it), and a node's late observation of a closed round. Their
 * records are skipped, so a round is published once.
 *
 * <p>The rounds a partition's committed offset does not cover travel in the offset's metadata
 * ({@code llo1;<round>@<base64url group>,...}), so a restarted instance skips them too. Kafka
 * limits that metadata (4 KiB by default): {@link #metadata} returns empty when it would not fit,
 * and the caller then leaves that partition's offset where it was (nothing is lost; the commit
 * waits). The in-memory set keeps the last {@value #RECENT} rounds.
 */
final class ClosedRounds {

    static final int RECENT = 10_000;
    static final int MAX_METADATA = 4000;
    private static final String PREFIX = "llo1;";

    /** Round -> last offset read per partition. */
    private final LinkedHashMap<RoundKey, Map<Integer, Long>> rounds = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RoundKey, Map<Integer, Long>> eldest) {
            return size() > RECENT;
        }
    };

    void closed(RoundKey key, Map<Integer, Long> lastOffsets) {
        rounds.put(key, new HashMap<>(lastOffsets));
    }

    boolean contains(RoundKey key) {
        return rounds.containsKey(key);
    }

    /** A record of a closed round was read (and skipped) at {@code partition}/{@code offset}. */
    void skipped(RoundKey key, int partition, long offset) {
        Map<Integer, Long> last = rounds.get(key);
        if (last != null) {
            last.merge(partition, offset, Math::max);
        }
    }

    /** The metadata of {@code partition} committed at {@code offset}: the closed rounds with records at or after it. */
    Optional<String> metadata(int partition, long offset) {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<RoundKey, Map<Integer, Long>> e : rounds.entrySet()) {
            Long last = e.getValue().get(partition);
            if (last != null && last >= offset) {
                entries.add(e.getKey().round() + "@" + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(e.getKey().group().getBytes(StandardCharsets.UTF_8)));
            }
        }
        String text = PREFIX + String.join(",", entries);
        return text.length() > MAX_METADATA ? Optional.empty() : Optional.of(text);
    }

    /**
     * The rounds named in {@code metadata}, committed at {@code offset} of {@code partition}: all
     * have records at or after it (learnt exactly as they are read again and skipped).
     */
    void restore(int partition, long offset, String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX) || metadata.length() == PREFIX.length()) {
            return;
        }
        for (String entry : metadata.substring(PREFIX.length()).split(",")) {
            int at = entry.indexOf('@');
            if (at < 0) {
                continue;
            }
            RoundKey key = new RoundKey(new String(Base64.getUrlDecoder().decode(entry.substring(at + 1)), StandardCharsets.UTF_8),
                    Long.parseLong(entry.substring(0, at)));
            rounds.computeIfAbsent(key, k -> new HashMap<>()).merge(partition, offset, Math::max);
        }
    }

    int size() {
        return rounds.size();
    }
}
