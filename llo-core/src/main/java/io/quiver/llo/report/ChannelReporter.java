package io.quiver.llo.report;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.StreamValue;

/**
 * Turns round outcomes into {@code json} reports, one per reportable channel, tracking each
 * channel's valid-after time: a channel is first seen in a round (its valid-after becomes that
 * round's observation timestamp, nothing is reported), then each later round reports the span
 * (valid-after, observation timestamp] and moves valid-after forward. A channel is skipped while
 * any of its streams has no aggregate, or when its format is not {@code json}; tombstoned channels
 * are never reported. Not thread-safe: one instance per channel group.
 */
public final class ChannelReporter {

    private final String serverUrl;
    private final byte[] configDigest;
    private final Map<Long, Long> validAfter = new HashMap<>();

    public ChannelReporter(String serverUrl, byte[] configDigest) {
        if (configDigest.length != 32) {
            throw new IllegalArgumentException("config digest must be 32 bytes, was " + configDigest.length);
        }
        this.serverUrl = serverUrl;
        this.configDigest = configDigest.clone();
    }

    public List<Transmission> reports(List<ChannelDefinition> channels, Map<StreamRef, StreamValue> aggregates, long seqNr,
                                      long observationTimestampNanos, long nowNanos) {
        List<Transmission> out = new ArrayList<>();
        List<ChannelDefinition> sorted = new ArrayList<>(channels);
        sorted.sort((a, b) -> Long.compare(a.channelId(), b.channelId()));
        for (ChannelDefinition c : sorted) {
            if (c.tombstone() || !"json".equals(c.reportFormat())) {
                continue;
            }
            Long after = validAfter.putIfAbsent(c.channelId(), observationTimestampNanos);
            if (after == null || after >= observationTimestampNanos) {
                continue; // new channel, or no time has passed since its last report
            }
            List<StreamValue> values = new ArrayList<>(c.streams().size());
            for (StreamRef s : c.streams()) {
                StreamValue v = aggregates.get(s);
                if (v == null) {
                    break;
                }
                values.add(v);
            }
            if (values.size() != c.streams().size()) {
                continue; // a missing aggregate: not reportable this round, valid-after stays
            }
            byte[] report = JsonReportEncoder.encode(configDigest, seqNr, c.channelId(), after, observationTimestampNanos, values, false);
            out.add(new Transmission(serverUrl, configDigest.clone(), seqNr, report, "production",
                    JsonReportEncoder.REPORT_FORMAT_JSON, hash(seqNr, report), nowNanos, c.channelId()));
            validAfter.put(c.channelId(), observationTimestampNanos);
        }
        return out;
    }

    /** sha256(config digest || seqNr big-endian || report): identifies a transmission for dedup. */
    private byte[] hash(long seqNr, byte[] report) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(configDigest);
            sha.update(ByteBuffer.allocate(8).putLong(seqNr).array());
            sha.update(report);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
