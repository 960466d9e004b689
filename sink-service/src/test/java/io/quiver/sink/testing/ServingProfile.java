package io.quiver.sink.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * sink-service for serving tests: a lake of its own (the in-process broker is new on every run, so
 * an old lake's offsets would not match it), files closed after a second so that the lake catches up
 * quickly, no maintenance, and small query limits that tests can reach.
 */
public class ServingProfile implements QuarkusTestProfile {

    /**
     * Kept in a system property: this class is loaded twice (by the test's class loader and by
     * Quarkus'), and both must name the same folder.
     */
    public static final String LAKE = lake();

    private static synchronized String lake() {
        String key = "quiver.test.serving-lake";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "target/serving-lake-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        }
        return System.getProperty(key);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quiver.sink.lake", LAKE,
                "quiver.sink.max-file-age", "1s",
                "quiver.sink.maintenance-interval", "0s",
                "quiver.sink.query.timeout", "3s",
                "quiver.sink.query.max-rows", "5000");
    }
}
