package io.quiver.sink.live;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.LedgerOffsetIndex;
import io.quiver.kafka.LedgerOrderedReader;
import io.quiver.memory.ServiceAllocator;
import io.quiver.schema.TokenTransferEventSchema;
import io.quiver.schema.rows.TokenTransferEventVectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.jboss.logging.Logger;

/**
 * The live feed: one reader follows the events topic from its head and hands every event to the
 * clients that follow live (decoded once for all of them). A client that asks for history
 * ({@code from_ledger} or {@code cursor}) first replays the topic with a reader of its own, then
 * joins the live clients at the moment it has read everything the live reader has handed out
 * (checked under the feed's lock, so no event falls between the two and, events at or before the
 * client's last queued cursor being skipped, none comes twice). The topic keeps every record, so any
 * ledger can be replayed.
 */
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    /** Close code: the client fell behind by more than its queue holds; the reason names the cursor to resume from. */
    public static final int CLOSE_TOO_SLOW = 4008;
    /** Close code: a malformed filter, cursor or format. */
    public static final int CLOSE_BAD_REQUEST = 4400;
    /** Close code: too many clients or replays at once. */
    public static final int CLOSE_TOO_MANY = 4429;
    /** Close code: the feed is not running (off, or the service is stopping). */
    public static final int CLOSE_UNAVAILABLE = 4503;

    private final LiveSettings settings;
    private final KafkaClients kafka;
    private final ArrowKafkaCodec codec;
    private final BufferAllocator allocator;
    private final LedgerOffsetIndex index = new LedgerOffsetIndex();
    private final List<LiveClient> live = new CopyOnWriteArrayList<>();
    private final Map<String, LiveClient> clients = new ConcurrentHashMap<>();
    private final Semaphore replays;
    private final ExecutorService replayThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "live-replay");
        t.setDaemon(true);
        return t;
    });
    private ScheduledExecutorService timer;
    private Thread follower;
    private volatile boolean stopping;
    private volatile boolean watching;
    /** What the live reader has handed out (guarded by this). */
    private Position progress;

    public LiveFeed(LiveSettings settings, KafkaClients kafka, ArrowKafkaCodec codec, ServiceAllocator allocator, MeterRegistry registry) {
        this.settings = settings;
        this.kafka = kafka;
        this.codec = codec;
        this.allocator = allocator.stage("live", 1L << 30);
        this.replays = new Semaphore(settings.maxReplays());
        Gauge.builder("quiver.live.clients", clients, Map::size).description("WebSocket clients of the live feed").register(registry);
        Gauge.builder("quiver.live.replays", () -> settings.maxReplays() - replays.availablePermits())
                .description("Live feed clients replaying history now").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            return;
        }
        follower = new Thread(this::follow, "live-feed");
        follower.setDaemon(true);
        follower.start();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = settings.heartbeat().toMillis();
        timer.scheduleAtFixedRate(() -> clients.values().forEach(LiveClient::heartbeat), every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        clients.values().forEach(c -> c.close(1001, "server stopping"));
        if (follower != null) {
            // the reader sees stopping at its next poll (200 ms); an interrupt would break its consumer's close
            follower.join(5000);
            follower.interrupt();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        replayThreads.shutdownNow();
        replayThreads.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Clients connected now. */
    public int clients() {
        return clients.size();
    }

    /** Whether the live reader watches its topic (clients connected from now on miss nothing that arrives). */
    public boolean following() {
        return watching;
    }

    /**
     * Adds a client: live from now ({@code from} null), or first replaying the events after
     * {@code from}, read from ledger {@code from.ledger()} on. Closes it with a code when the limits
     * or the feed's state say no.
     */
    void add(LiveClient client, Position from) {
        if (!settings.enabled() || stopping) {
            client.close(CLOSE_UNAVAILABLE, "the live feed is off");
            return;
        }
        if (clients.size() >= settings.maxClients()) {
            client.close(CLOSE_TOO_MANY, "too many clients (" + settings.maxClients() + ")");
            return;
        }
        clients.put(client.id(), client);
        if (from == null) {
            synchronized (this) {
                live.add(client);
            }
            return;
        }
        if (!replays.tryAcquire()) {
            clients.remove(client.id());
            client.close(CLOSE_TOO_MANY, "too many replays at once (" + settings.maxReplays() + "): try again");
            return;
        }
        replayThreads.execute(() -> {
            try {
                replay(client, from);
            } catch (InterruptedException e) {
                client.close(1001, "server stopping");
            } catch (Exception e) {
                LOG.warnf("replay for %s from %s failed: %s", client.id(), from, e.toString());
                client.close(1011, "replay failed: " + e.getMessage());
            } finally {
                replays.release();
            }
        });
    }

    void remove(String id) {
        LiveClient c = clients.remove(id);
        if (c != null) {
            c.gone();
            live.remove(c);
        }
    }

    /** Reads history for {@code client} until it has all the live reader has handed out, then makes it a live client. */
    private void replay(LiveClient client, Position from) throws Exception {
        Position[] read = {from};
        boolean[] joined = {false};
        LedgerOrderedReader reader = new LedgerOrderedReader(kafka, settings.topic(), TokenTransferEventSchema.SCHEMA, codec,
                allocator, index);
        reader.read(from.ledger(), OptionalLong.empty(), () -> {
            if (client.closed() || stopping) {
                return true;
            }
            joined[0] = tryJoin(client, read[0]);
            return joined[0];
        }, (first, last, batch) -> {
            hand(batch, last, read, client);
            if (client.closed()) {
                return false;
            }
            joined[0] = tryJoin(client, read[0]);
            return !joined[0];
        });
        if (joined[0]) {
            LOG.debugf("%s replayed through %s and follows live", client.id(), read[0]);
        }
    }

    /**
     * Makes {@code client} live if its replay has read at least what the live reader has handed out
     * and its queue has room (until then the replay goes on following the topic itself).
     */
    private synchronized boolean tryJoin(LiveClient client, Position read) {
        if (progress == null || read.compareTo(progress) < 0 || client.closed() || !client.roomForLive()) {
            return false;
        }
        live.add(client);
        return true;
    }

    /** The live reader: from the topic's head on, every event to every live client; restarted after a failure. */
    private void follow() {
        long start = -1;
        while (!stopping && !Thread.currentThread().isInterrupted()) {
            try {
                if (start < 0) {
                    // from the ledger after the newest one on the topic: what came before is history; on an
                    // empty topic, from the first ledger that arrives (not from 0, which would be waited for)
                    OptionalLong newest = TopicHead.lastLedger(kafka, settings.topic(), codec.maxRecordBytes());
                    watching = true;
                    OptionalLong from = newest.isPresent() ? OptionalLong.of(newest.getAsLong() + 1) : OptionalLong.empty();
                    while (from.isEmpty()) {
                        if (stopping) {
                            return;
                        }
                        Thread.sleep(1000);
                        from = TopicHead.firstLedger(kafka, settings.topic(), codec.maxRecordBytes());
                    }
                    start = from.getAsLong();
                    synchronized (this) {
                        progress = Position.before(start);
                    }
                    LOG.infof("live feed follows %s from ledger %d", settings.topic(), start);
                }
                Position[] read = {Position.before(start)};
                new LedgerOrderedReader(kafka, settings.topic(), TokenTransferEventSchema.SCHEMA, codec, allocator, index)
                        .read(start, OptionalLong.empty(), () -> stopping, (first, last, batch) -> {
                            synchronized (this) {
                                hand(batch, last, read, null);
                                progress = progress.max(read[0]);
                            }
                            return !stopping;
                        });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (stopping) {
                    return;
                }
                // poison or a broker away: go on after the ledger reached (clients skip what they have)
                synchronized (this) {
                    if (progress != null) {
                        start = Math.max(start, progress.ledger());
                    }
                }
                LOG.warnf("live feed reading %s failed, resumed from ledger %d in 2 s: %s", settings.topic(), start, e.toString());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /**
     * Hands the events of one record to {@code only} (a replay, which waits for room in its queue) or,
     * when null, to every live client, and moves {@code read} past them: to the last event, and to the
     * record's last ledger when that ledger had none.
     */
    private void hand(DecodedBatch batch, long last, Position[] read, LiveClient only)
            throws InterruptedException {
        for (VectorSchemaRoot root : batch.batches()) {
            TokenTransferEventVectors v = new TokenTransferEventVectors(root);
            for (int i = 0; i < root.getRowCount(); i++) {
                long seq = v.ledgerSequence(i);
                Position p = new Position(seq, v.eventIndex(i));
                if (p.compareTo(read[0]) <= 0) {
                    // before the start, or a boundary ledger repeated by a split batch
                    continue;
                }
                read[0] = p;
                if (only == null && live.isEmpty()) {
                    // nobody follows live: the position moves on, no event is built
                    continue;
                }
                LiveEvent e = new LiveEvent(v.get(i));
                if (only != null) {
                    if (!only.offer(e, false)) {
                        return;
                    }
                } else {
                    for (LiveClient c : live) {
                        if (!c.offer(e, true)) {
                            live.remove(c);
                            clients.remove(c.id());
                        }
                    }
                }
            }
        }
        if (only != null) {
            only.flush();
        } else {
            for (LiveClient c : live) {
                c.flush();
            }
        }
        read[0] = read[0].max(Position.before(last));
    }
}
