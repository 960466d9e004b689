package io.quiver.ingest.source.datalake;

import java.io.IOException;
import java.util.List;

/** The few operations a data lake needs from its storage: read one object, list one folder level. */
public interface ObjectStore extends AutoCloseable {

    /** The object's bytes, or {@code null} when no object has this key. */
    byte[] get(String key) throws IOException;

    /**
     * Names directly under {@code folder} ("" for the root, else ending in "/"), in lexicographic
     * order, at most {@code max}: objects by name, sub-folders by name with a trailing "/".
     */
    List<String> list(String folder, int max) throws IOException;

    /** Writes an object (used to build lakes for tests and benchmarks). */
    void put(String key, byte[] bytes) throws IOException;

    /** Where it reads, for errors: a path or {@code s3://bucket/prefix}. */
    String describe();

    @Override
    void close();
}
