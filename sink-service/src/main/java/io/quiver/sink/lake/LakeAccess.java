package io.quiver.sink.lake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.quiver.lake.store.LakeStore;
import io.quiver.lake.store.S3Settings;
import io.quiver.lake.table.TableSpec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one {@link LakeStore} of the service, shared by the sink, maintenance and the query engine.
 * Opened at first use, not at start-up: a lake that cannot be reached yet makes its users report
 * and retry, never a service that fails to start. Closed when the container is destroyed, after
 * every stage has stopped on the shutdown event.
 */
@ApplicationScoped
public class LakeAccess {

    private final SinkSettings settings;
    private LakeStore store;

    public LakeAccess(SinkSettings settings) {
        this.settings = settings;
    }

    /** The store, opened on the first call. */
    public synchronized LakeStore store() throws IOException {
        if (store == null) {
            SinkSettings.S3 s3 = settings.s3();
            Path spool = settings.spool().orElse(Path.of(System.getProperty("java.io.tmpdir"), "quiver-spool", settings.instanceId()));
            store = LakeStore.open(settings.lake(), new S3Settings(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(),
                    s3.partBytes()), spool);
        }
        return store;
    }

    /** The configured tables with their overrides. */
    public List<TableSpec> tables() {
        return LakeSinkService.tables(settings);
    }

    /** Where the lake is, as configured. */
    public String location() {
        return settings.lake();
    }

    @PreDestroy
    synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
