package io.quiver.sink.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.quarkus.arc.Arc;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.Topics;
import io.quiver.lake.manifest.LakeFile;
import io.quiver.lake.store.LakeStore;
import io.quiver.lake.store.S3Settings;
import io.quiver.lake.testing.SinkRun;
import io.quiver.sink.query.LakeQueryEngine;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The events of a serving test, published once per test run to the service's broker and awaited in
 * its lake: {@link #LEDGERS} ledgers from {@link #FIRST}, {@link #EVENTS_PER_LEDGER} events each.
 */
public final class ServingLake {

    public static final long FIRST = 1000;
    public static final int LEDGERS = 60;
    public static final int EVENTS_PER_LEDGER = 50;
    public static final ServingEvents EVENTS = new ServingEvents(17, EVENTS_PER_LEDGER);

    private static boolean published;
    private static boolean ready;

    private ServingLake() {
    }

    /** The running service's lake folder. */
    public static String lake() {
        return ConfigProvider.getConfig().getValue("quiver.sink.lake", String.class);
    }

    /**
     * The next ledger to publish to the live topic: tests take consecutive blocks, since the feed reads
     * in ledger order and would wait out a hole.
     */
    public static final java.util.concurrent.atomic.AtomicLong LIVE_NEXT = new java.util.concurrent.atomic.AtomicLong(2000);

    /** The live feed's topic in tests (not written to the lake). */
    public static final String LIVE_TOPIC = "test.live.events.v1";

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Publishes the events (once) and waits until the lake holds all of them. */
    public static synchronized void ensure() throws Exception {
        if (ready) {
            return;
        }
        if (!published) {
            published = true;
            // two halves, the second only once the first is committed: the lake then holds at least two
            // files however fast the sink reads (one file would leave per-file serving untested)
            int half = LEDGERS / 2;
            publish(FIRST, half);
            awaitCommitted();
            publish(FIRST + half, LEDGERS - half);
        }
        awaitCommitted();
        awaitListed();
        ready = true;
    }

    /**
     * Waits until the running service's query engine lists committed files holding every event: its
     * snapshot may trail the manifest by a refresh or two (tests of per-file answers need them all).
     */
    private static void awaitListed() throws Exception {
        LakeQueryEngine engine = Arc.container().instance(LakeQueryEngine.class).get();
        long want = (long) LEDGERS * EVENTS_PER_LEDGER;
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long listed = 0;
        while (System.nanoTime() < end) {
            listed = engine.files("token_transfer_events").stream()
                    .mapToLong(LakeFile::rows).sum();
            if (listed >= want) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the query engine lists " + listed + " of the " + want + " committed events after 30 s");
    }

    private static void publish(long first, int ledgers) throws Exception {
        try (BufferAllocator allocator = new RootAllocator()) {
            EVENTS.publish(bootstrap(), Topics.STELLAR_TTP_EVENTS, allocator, ArrowKafkaCodec.defaults(), first, ledgers, 7);
        }
    }

    private static void awaitCommitted() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(p);
             LakeStore store = LakeStore.open(Path.of(lake()).toAbsolutePath().toString(),
                     S3Settings.defaults(),
                     Path.of("target"))) {
            int partitions = admin.describeTopics(java.util.List.of(Topics.STELLAR_TTP_EVENTS)).allTopicNames().get()
                    .get(Topics.STELLAR_TTP_EVENTS).partitions().size();
            SinkRun.awaitCovered(store, admin, Topics.STELLAR_TTP_EVENTS, partitions, Duration.ofSeconds(60));
        }
    }

    /** Every event in the lake order, as the lake must hold them. */
    public static java.util.List<io.quiver.schema.rows.TokenTransferEventRow> expected() {
        return EVENTS.rows(FIRST, LEDGERS);
    }
}
