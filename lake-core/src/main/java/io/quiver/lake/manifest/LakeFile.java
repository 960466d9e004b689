package io.quiver.lake.manifest;

/**
 * One committed data file.
 *
 * @param path        key under the lake, {@code <table>/<partition>/<name>}
 * @param table       lake table
 * @param partition   hive partition path ({@code date=2025-06-01}), empty when unpartitioned
 * @param topic       source topic; for a compacted file, the topic of its inputs
 * @param kafkaPartition source partition, or -1 for a compacted file spanning several
 * @param fromOffset  first source offset covered (inclusive)
 * @param toOffset    end of the covered offsets (exclusive)
 * @param rows        row count
 * @param bytes       file size
 * @param minTimeMicros earliest record time of its rows (Long.MAX_VALUE if none)
 * @param maxTimeMicros latest record time of its rows (Long.MIN_VALUE if none)
 * @param staged      where the file waited between commit and publication (kept: recovery moves it if the
 *                    final key is still missing), or null for a file written in place
 */
public record LakeFile(String path, String table, String partition, String topic, int kafkaPartition, long fromOffset,
                       long toOffset, long rows, long bytes, long minTimeMicros, long maxTimeMicros, String staged) {

}
