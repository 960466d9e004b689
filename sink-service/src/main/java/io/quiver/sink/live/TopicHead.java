package io.quiver.sink.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.quiver.codec.RecordHeaders;
import io.quiver.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** The newest ledger a Stellar topic holds, from the last few committed records of each partition (their ledger headers). */
final class TopicHead {

    /** Records read back from each partition's end: enough to pass the markers of the last transactions. */
    private static final int TAIL = 16;

    private TopicHead() {
    }

    /** The newest ledger on the topic, or empty when it holds no record. */
    static OptionalLong lastLedger(KafkaClients kafka, String topic, int maxRecordBytes) {
        return scan(kafka, topic, maxRecordBytes, false);
    }

    /** The oldest ledger on the topic (of the first committed record of each partition), or empty. */
    static OptionalLong firstLedger(KafkaClients kafka, String topic, int maxRecordBytes) {
        return scan(kafka, topic, maxRecordBytes, true);
    }

    private static OptionalLong scan(KafkaClients kafka, String topic, int maxRecordBytes, boolean oldest) {
        try (KafkaConsumer<byte[], byte[]> c = kafka.committedReader(maxRecordBytes)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, p.partition()));
            }
            c.assign(parts);
            Map<TopicPartition, Long> begins = c.beginningOffsets(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            for (TopicPartition tp : parts) {
                c.seek(tp, oldest ? begins.get(tp) : Math.max(begins.get(tp), ends.get(tp) - TAIL));
            }
            long last = -1;
            long first = Long.MAX_VALUE;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    OptionalLong l = RecordHeaders.number(r.headers(), RecordHeaders.LEDGER_LAST);
                    OptionalLong f = RecordHeaders.number(r.headers(), RecordHeaders.LEDGER_FIRST);
                    if (l.isPresent()) {
                        last = Math.max(last, l.getAsLong());
                    }
                    if (f.isPresent()) {
                        first = Math.min(first, f.getAsLong());
                    }
                    if (oldest) {
                        // the first record of a partition is enough
                        c.pause(List.of(new TopicPartition(r.topic(), r.partition())));
                    }
                }
                boolean done = true;
                for (TopicPartition tp : parts) {
                    if (c.position(tp) < ends.get(tp) && !c.paused().contains(tp)) {
                        done = false;
                    }
                }
                if (done) {
                    break;
                }
            }
            if (oldest) {
                return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
            }
            return last < 0 ? OptionalLong.empty() : OptionalLong.of(last);
        }
    }
}
