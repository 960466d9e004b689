package io.quiver.lake.manifest;

import java.util.List;

/**
 * One commit of the lake's log, {@code _quiver/log/<version>.json}: files added, files removed and,
 * for appends, the source offsets the added files cover. Appends, compactions and expiries are all
 * commits; a reader that replays the log sees each whole or not at all.
 *
 * @param version  position in the log, from 1
 * @param kind     what the commit does
 * @param commitId unique per attempt (instance and a random part), to tell our entry from another's
 * @param offsets  for {@link Kind#APPEND}: one range per source partition, each starting where the
 *                 log's previous range of that partition ended
 * @param added    files added
 * @param removed  keys of files removed
 */
public record ManifestEntry(long version, Kind kind, String commitId, List<OffsetRange> offsets, List<LakeFile> added,
                            List<String> removed) {

    public enum Kind { APPEND, COMPACT, EXPIRE }

    public ManifestEntry {
        offsets = List.copyOf(offsets);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    ManifestEntry at(long v) {
        return new ManifestEntry(v, kind, commitId, offsets, added, removed);
    }
}
