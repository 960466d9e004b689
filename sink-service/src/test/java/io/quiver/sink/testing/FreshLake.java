package io.quiver.sink.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A new lake folder for every test run: the in-process broker is new on every run, so an old lake's
 * offsets would not match its topics. Every test class shares one application (one configuration,
 * the {@code %test} profile), which therefore starts once.
 */
public class FreshLake implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quiver.sink.lake", "target/test-lake-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    }

    @Override
    public void stop() {
    }
}
