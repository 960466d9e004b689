package io.quiver.codec;

import org.apache.kafka.common.header.Headers;

/** One Kafka record value (a complete Arrow IPC stream) with the headers that describe it. */
public record EncodedRecord(byte[] value, Headers headers, int rowCount) {
}
