package io.quiver.lake.sink;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * The uncommitted part of one source partition: offsets {@code [from, next)} read since its last
 * commit, and the files (one per hive partition) their rows went to. Committed whole: every open
 * file of the partition closes together, so the log's offset ranges follow each other with no gap
 * and no overlap, and the files of a range are named after it.
 */
final class OpenRange implements AutoCloseable {

    final TopicPartition tp;
    final long from;
    long next;
    final long openedAtNanos;
    final Map<String, OpenFile> files = new LinkedHashMap<>();

    OpenRange(TopicPartition tp, long from, long nowNanos) {
        this.tp = tp;
        this.from = from;
        this.next = from;
        this.openedAtNanos = nowNanos;
    }

    long rows() {
        long n = 0;
        for (OpenFile f : files.values()) {
            n += f.writer.rows();
        }
        return n;
    }

    long bufferedBytes() {
        long n = 0;
        for (OpenFile f : files.values()) {
            n += f.writer.bufferedBytes();
        }
        return n;
    }

    @Override
    public void close() {
        files.values().forEach(OpenFile::close);
        files.clear();
    }
}
