package io.quiver.lake.manifest;

/** Source offsets {@code [from, to)} of one topic partition that an append commit covers. */
public record OffsetRange(String topic, int partition, long from, long to) {

    public String topicPartition() {
        return topic + "/" + partition;
    }
}
