package io.quiver.lake.sink;

import java.time.Duration;
import java.util.List;

import io.quiver.lake.format.LakeFormat;
import io.quiver.lake.format.WriterOptions;
import io.quiver.lake.table.TableSpec;

/**
 * What a lake sink writes and when a file closes.
 *
 * @param tables           the topics to write and their tables
 * @param format           file format of every table
 * @param writer           Parquet codec, row group and page sizes
 * @param targetFileBytes  a file closes at this size ...
 * @param maxFileRows      ... or this many rows ...
 * @param maxFileAge       ... or this long after its first row, on the wall clock, input or not
 * @param maxOpenFiles     past this many open files across partitions, the partition holding the
 *                         most is committed
 * @param maxBufferedBytes past this many bytes buffered across open files, the largest writer's
 *                         buffers are written out (its row group ends; the file stays open)
 * @param groupId          consumer group; instances in one group share the partitions
 * @param instanceId       unique per running instance (names its staging area and commits)
 * @param orphanAge        staging files of other instances older than this are deleted at start
 */
public record LakeSinkOptions(List<TableSpec> tables, LakeFormat format, WriterOptions writer, long targetFileBytes,
                              long maxFileRows, Duration maxFileAge, int maxOpenFiles, long maxBufferedBytes,
                              String groupId, String instanceId, Duration orphanAge) {

    public LakeSinkOptions {
        tables = List.copyOf(tables);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("a lake sink needs at least one table");
        }
        if (!instanceId.matches("[A-Za-z0-9_.]+")) {
            throw new IllegalArgumentException("instance id '" + instanceId + "' must be letters, digits, '_' and '.'");
        }
    }

    public TableSpec tableOf(String topic) {
        for (TableSpec t : tables) {
            if (t.topic().equals(topic)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no table for topic " + topic);
    }
}
