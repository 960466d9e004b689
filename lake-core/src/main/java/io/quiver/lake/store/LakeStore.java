package io.quiver.lake.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the lake lives: a local folder or an S3 bucket prefix. Keys are '/'-separated paths relative
 * to the lake's root. Files are written locally first (in {@link #spool()}) and {@link #upload}ed
 * whole, so no reader ever sees part of a file; the manifest's log entries are created with
 * {@link #createIfAbsent}, the one atomic step of every commit.
 */
public interface LakeStore extends AutoCloseable {

    /** A stored object. {@code modifiedMillis} is the store's last-modified time. */
    record StoredObject(String key, long size, long modifiedMillis) {
    }

    /** Where the lake is, for logs and errors. */
    String location();

    /** A local folder for files being written; on a local lake it is on the same file system. */
    Path spool() throws IOException;

    /** Moves (local) or uploads (S3, multipart when large) a finished local file to {@code key}; the local file is gone after. */
    void upload(Path local, String key) throws IOException;

    /** Writes {@code data} at {@code key} unless something is there; true if this call created it. */
    boolean createIfAbsent(String key, byte[] data) throws IOException;

    /** Writes {@code data} at {@code key}, replacing what is there, atomically. */
    void put(String key, byte[] data) throws IOException;

    Optional<byte[]> get(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Renames {@code from} to {@code to} (S3: copy, then delete). */
    void move(String from, String to) throws IOException;

    /** Deletes {@code key}; nothing if absent. */
    void delete(String key) throws IOException;

    /** Every object whose key starts with {@code prefix}, sorted by key. */
    List<StoredObject> list(String prefix) throws IOException;

    /** A local file with the object's bytes (the object itself on a local lake; a download on S3). */
    Path localCopy(String key) throws IOException;

    /** Releases a {@link #localCopy} (deletes a download; nothing on a local lake). */
    void releaseLocalCopy(Path copy) throws IOException;

    @Override
    void close();

    /** A local folder, or {@code s3://bucket/prefix} with the S3 settings given. */
    static LakeStore open(String location, S3Settings s3, Path spoolForRemote) throws IOException {
        if (location.startsWith("s3://")) {
            return new S3LakeStore(location, s3, spoolForRemote);
        }
        return new LocalLakeStore(Path.of(location));
    }
}
