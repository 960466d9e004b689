package io.quiver.llo.round;

import java.util.List;

/** A channel: its report format, its streams with their aggregators, and whether it is tombstoned. */
public record ChannelDefinition(long channelId, String reportFormat, List<StreamRef> streams, boolean tombstone) {
}
