package io.quiver.llo.report;

/** One report ready to transmit: a row of the {@code Transmission} schema. */
public record Transmission(String serverUrl, byte[] configDigest, long seqNr, byte[] reportData, String lifecycleStage,
                           int reportFormat, byte[] transmissionHash, long createdAtNanos, long channelId) {
}
