package io.quiver.sink.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.sink.testing.FeedClient;
import io.quiver.sink.testing.ServingEvents;
import io.quiver.sink.testing.ServingLake;
import jakarta.inject.Inject;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live feed over real WebSocket connections (the JDK's client) on the service's feed port,
 * with events published to its topic on the broker while clients are connected.
 */
@QuarkusTest
class LiveFeedTest {

    private static final String USDC = "USDC:GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN";
    private static final AtomicLong NEXT = ServingLake.LIVE_NEXT;
    private static final ServingEvents EVENTS = new ServingEvents(23, 40);

    @Inject
    LiveFeed feed;

    @Inject
    LivePort livePort;

    @TestHTTPResource("/")
    java.net.URL http;

    @BeforeEach
    void following() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!feed.following() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue(feed.following(), "the feed follows its topic");
        assertTrue(livePort.port() > 0);
    }

    private static long publish(ServingEvents events, int ledgers) throws Exception {
        return publish(events, ledgers, 5);
    }

    private static long publish(ServingEvents events, int ledgers, int perRecord) throws Exception {
        long first = NEXT.getAndAdd(ledgers);
        try (RootAllocator a = new RootAllocator()) {
            events.publish(ServingLake.bootstrap(), ServingLake.LIVE_TOPIC, a, ArrowKafkaCodec.defaults(), first, ledgers, perRecord);
        }
        return first;
    }

    private static List<String> ids(ServingEvents events, long first, int ledgers, Predicate<TokenTransferEventRow> keep) {
        return events.rows(first, ledgers).stream().filter(keep).map(TokenTransferEventRow::eventId).toList();
    }

    /**
     * The feed's client count once the clients earlier tests closed have gone: a close is
     * asynchronous, and a count taken while one is still leaving makes the next wait one short.
     */
    private int settledClients() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int n = feed.clients();
        while (System.nanoTime() < end) {
            Thread.sleep(250);
            int now = feed.clients();
            if (now == n && now == 0) {
                break;
            }
            if (now == n) {
                Thread.sleep(500);
                if (feed.clients() == n) {
                    break;
                }
            }
            n = feed.clients();
        }
        return feed.clients();
    }

    private void awaitClients(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (feed.clients() != n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(n, feed.clients());
    }

    @Test
    void twoClientsWithDifferentFiltersGetExactlyTheirEvents() throws Exception {
        int before = settledClients();
        List<TokenTransferEventRow> sample = EVENTS.rows(NEXT.get(), 1);
        String acct1 = sample.get(1).from();
        String acct2 = sample.get(2).to() != null ? sample.get(2).to() : sample.get(3).from();
        BigInteger min = BigInteger.valueOf(100_000_000);
        try (FeedClient a = FeedClient.connect(livePort.port(), "types=transfer&assets=" + USDC, true);
             FeedClient b = FeedClient.connect(livePort.port(), "accounts=" + acct1 + "," + acct2 + "&min_amount=" + min, true)) {
            awaitClients(before + 2);
            long first = publish(EVENTS, 30);
            List<String> wantA = ids(EVENTS, first, 30, e -> e.eventType().equals("transfer") && "USDC".equals(e.assetCode()));
            List<String> wantB = ids(EVENTS, first, 30, e -> (acct1.equals(e.from()) || acct1.equals(e.to()) || acct2.equals(e.from())
                    || acct2.equals(e.to())) && e.amount().compareTo(min) >= 0);
            assertFalse(wantA.isEmpty());
            assertFalse(wantB.isEmpty());
            assertTrue(a.await(wantA.size(), Duration.ofSeconds(30)), a.events.size() + " of " + wantA.size());
            assertTrue(b.await(wantB.size(), Duration.ofSeconds(30)), b.events.size() + " of " + wantB.size());
            Thread.sleep(300);
            assertEquals(wantA, a.ids());
            assertEquals(wantB, b.ids());
            // every event carries its cursor
            assertEquals(a.events.get(0).get("ledger_sequence").asLong() + "-" + a.events.get(0).get("event_index").asLong(),
                    a.events.get(0).get("cursor").asText());
        }
    }

    @Test
    void aClientThatResumesWithItsCursorGetsTheRestWithNoGapAndNoDuplicate() throws Exception {
        long first = publish(EVENTS, 20);
        List<String> received = new ArrayList<>();
        String cursor;
        try (FeedClient c = FeedClient.connect(livePort.port(), "types=fee,transfer&from_ledger=" + first, true)) {
            assertTrue(c.await(100, Duration.ofSeconds(30)));
            c.close();
            received.addAll(c.ids());
            cursor = c.lastCursor();
        }
        assertTrue(received.size() >= 100);
        // more ledgers arrive while the client is away and while it reconnects
        long more = publish(EVENTS, 10);
        Thread publisher = new Thread(() -> {
            try {
                publish(EVENTS, 10);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> want = ids(EVENTS, first, 40, e -> e.eventType().equals("fee") || e.eventType().equals("transfer"));
        assertEquals(first + 20, more);
        try (FeedClient d = FeedClient.connect(livePort.port(), "types=fee,transfer&cursor=" + cursor, true)) {
            publisher.start();
            boolean all = d.await(want.size() - received.size(), Duration.ofSeconds(40));
            if (!all) {
                List<String> seen = new ArrayList<>(received);
                seen.addAll(d.ids());
                List<String> missing = want.stream().filter(id -> !seen.contains(id)).toList();
                throw new AssertionError(d.events.size() + " of " + (want.size() - received.size()) + "; first client " + received.size()
                        + " up to " + cursor + "; missing " + missing.size() + " from " + (missing.isEmpty() ? "-" : missing.get(0))
                        + " to " + (missing.isEmpty() ? "-" : missing.get(missing.size() - 1)) + "; range " + first + ".." + (first + 39)
                        + (d.closedCode.isDone() ? "; closed " + d.closedCode.getNow(new int[] {0})[0] + " " + d.closeReason : ""));
            }
            publisher.join();
            Thread.sleep(300);
            received.addAll(d.ids());
        }
        assertEquals(want.size(), new HashSet<>(received).size(), "no duplicate");
        assertEquals(want, received, "no gap, in order");
    }

    @Test
    void aClientThatStopsReadingIsClosedWithItsCursorWhileTheOtherGetsEverything() throws Exception {
        ServingEvents heavy = new ServingEvents(29, 250);
        int before = settledClients();
        try (FeedClient slow = FeedClient.connect(livePort.port(), "", false);
             FeedClient fast = FeedClient.connect(livePort.port(), "", true)) {
            awaitClients(before + 2);
            // about 18 MB of JSON, one ledger (150 KB) a record: more than the 1 MiB queue and the sockets' buffers hold.
            // The next ledger goes out once the reading client has all but the last two (300 KB behind at most), so it
            // is never over the cap however slowly this machine runs it (a fixed rate once outran a cold client on CI)
            long first = NEXT.get();
            for (int i = 0; i < 120; i++) {
                publish(heavy, 1, 1);
                int behind = Math.max(0, i - 1) * heavy.eventsPerLedger();
                assertTrue(fast.await(behind, Duration.ofSeconds(30)), "ledger " + i + ": the reading client has " + fast.events.size()
                        + " of " + behind + (fast.closedCode.isDone() ? ", closed " + fast.closedCode.get()[0] + " " + fast.closeReason : ""));
            }
            List<String> want = ids(heavy, first, 120, e -> true);
            assertTrue(fast.await(want.size(), Duration.ofSeconds(60)), fast.events.size() + " of " + want.size()
                    + (fast.closedCode.isDone() ? ", closed " + fast.closedCode.get()[0] + " " + fast.closeReason : ""));
            assertEquals(want, fast.ids());
            awaitClients(before + 1);
            // the stalled client now reads what reached it, then the close frame
            slow.startReading();
            int[] code = slow.closedCode.get(20, TimeUnit.SECONDS);
            assertEquals(LiveFeed.CLOSE_TOO_SLOW, code[0], slow.closeReason);
            assertTrue(slow.events.size() < want.size());
            assertTrue(slow.closeReason.endsWith("resume from cursor " + slow.lastCursor()), slow.closeReason + " / " + slow.lastCursor());
            assertEquals(want.subList(0, slow.events.size()), slow.ids());
        }
    }

    @Test
    void arrowFramesCarryTheMatchingEvents() throws Exception {
        try (FeedClient c = FeedClient.connect(livePort.port(), "format=arrow&types=mint", true)) {
            awaitClientsAtLeast(1);
            long first = publish(EVENTS, 10);
            List<String> want = ids(EVENTS, first, 10, e -> e.eventType().equals("mint"));
            List<String> got = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.size() < want.size() && System.nanoTime() < end) {
                Thread.sleep(50);
                got.clear();
                try (RootAllocator a = new RootAllocator()) {
                    for (byte[] frame : c.binary) {
                        try (ArrowStreamReader r = new ArrowStreamReader(new ByteArrayInputStream(frame), a)) {
                            while (r.loadNextBatch()) {
                                TokenTransferEventVectors v = new TokenTransferEventVectors(r.getVectorSchemaRoot());
                                for (int i = 0; i < r.getVectorSchemaRoot().getRowCount(); i++) {
                                    got.add(v.get(i).eventId());
                                }
                            }
                        }
                    }
                }
            }
            assertEquals(want, got);
        }
    }

    private void awaitClientsAtLeast(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (feed.clients() < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    @Test
    void heartbeatsAndTheHttpPortToo() throws Exception {
        try (FeedClient c = FeedClient.connect(http.getPort(), "types=burn", true)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (c.heartbeats.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertFalse(c.heartbeats.isEmpty(), "a heartbeat within 5 s (every 1 s in the test profile)");
            assertTrue(c.heartbeats.get(0).has("cursor") && c.heartbeats.get(0).has("time"));
        }
    }

    @Test
    void badParametersCloseWith4400AndTheReason() throws Exception {
        String[][] bad = {
                {"types=swap", "types"},
                {"assets=USDC", "assets"},
                {"accounts=G123", "accounts"},
                {"min_amount=ten", "min_amount"},
                {"format=xml", "format"},
                {"cursor=12", "cursor"},
                {"from_ledger=-1", "from_ledger"},
                {"cursor=1-1&from_ledger=3", "cursor and from_ledger"},
                {"colour=red", "colour"},
        };
        for (String[] b : bad) {
            try (FeedClient c = FeedClient.connect(livePort.port(), b[0], true)) {
                int[] code = c.closedCode.get(10, TimeUnit.SECONDS);
                assertEquals(LiveFeed.CLOSE_BAD_REQUEST, code[0], b[0]);
                assertTrue(c.closeReason.contains(b[1]), b[0] + ": " + c.closeReason);
            }
        }
    }
}
