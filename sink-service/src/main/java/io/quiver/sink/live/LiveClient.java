package io.quiver.sink.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.sink.events.EventCursor;
import io.quiver.sink.events.EventSelection;
import io.vertx.core.buffer.Buffer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.jboss.logging.Logger;

/**
 * One connected client: its filters, its format, and a byte-capped queue drained one frame at a
 * time (the next frame goes when the last is written, so a client that stops reading makes the
 * queue grow instead of the server's buffers). Events already queued are never queued again:
 * everything at or before the last event queued is skipped, which makes the seam between a
 * replay and the live feed exact.
 */
final class LiveClient {

    private static final Logger LOG = Logger.getLogger(LiveClient.class);

    /** Frame formats. */
    enum Format { JSON, ARROW }

    private final WebSocketConnection connection;
    private final EventSelection selection;
    private final Format format;
    private final boolean conflate;
    private final long capBytes;
    private final int frameEvents;
    private final BufferAllocator allocator;
    private final ArrayDeque<LiveEvent> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** The bytes of the frame on its way (part of queuedBytes). */
    private long sendingBytes;
    private boolean sending;
    private boolean closed;
    /** The last event queued (-1 before any): an event at or before it is not queued again. */
    private long queuedLedger = -1;
    private long queuedIndex = -1;
    private volatile EventCursor sentThrough;
    /** The last event handed to the connection: written before any close frame, so the cursor a closed client resumes from. */
    private EventCursor handedThrough;
    private long skipped;

    LiveClient(WebSocketConnection connection, EventSelection selection, Format format, boolean conflate, long capBytes,
               int frameEvents, BufferAllocator allocator, EventCursor after) {
        this.connection = connection;
        this.selection = selection;
        this.format = format;
        this.conflate = conflate;
        this.capBytes = capBytes;
        this.frameEvents = frameEvents;
        this.allocator = allocator;
        if (after != null) {
            this.queuedLedger = after.ledger();
            this.queuedIndex = after.eventIndex();
        }
        this.sentThrough = after;
        this.handedThrough = after;
    }

    String id() {
        return connection.id();
    }

    synchronized boolean closed() {
        return closed;
    }

    /**
     * Whether a replaying client may join the live ones: its queue at most half full, so the backlog
     * of its replay (which waits for room instead of being closed) does not get it closed as too slow
     * by the first live events.
     */
    synchronized boolean roomForLive() {
        return queuedBytes <= capBytes / 2;
    }

    /**
     * Queues {@code e} if it passes the filters and comes after what is queued; the caller sends
     * what is queued with {@link #flush()} once it has offered a whole record (one frame for many
     * events, not one per event while the client is idle). A live event over the cap closes the
     * client with {@link LiveFeed#CLOSE_TOO_SLOW} (or, conflated, drops the backlog); a replayed one
     * ({@code live} false) sends what is queued and waits for room instead. False once the client is closed.
     */
    boolean offer(LiveEvent e, boolean live) throws InterruptedException {
        if (!selection.test(e.row())) {
            return !closed();
        }
        while (true) {
            boolean queued = false;
            boolean full = false;
            synchronized (this) {
                if (closed) {
                    return false;
                }
                if (e.ledger() < queuedLedger || e.ledger() == queuedLedger && e.eventIndex() <= queuedIndex) {
                    return true;
                }
                if (live || queuedBytes <= capBytes) {
                    queueLocked(e, live);
                    if (closed) {
                        return false;
                    }
                    queued = true;
                    full = queue.size() >= frameEvents;
                }
            }
            if (queued) {
                if (full) {
                    // a whole frame waits: no need to wait for the end of the record (which may be larger than the queue)
                    drain();
                }
                return true;
            }
            // a replay over the cap: what is queued goes out, then there is room
            drain();
            synchronized (this) {
                if (queuedBytes > capBytes && !closed) {
                    wait(1000);
                }
            }
        }
    }

    private void queueLocked(LiveEvent e, boolean live) {
        long bytes = e.bytes(format);
        if (live && queuedBytes + bytes > capBytes) {
            if (!conflate) {
                closeLocked(LiveFeed.CLOSE_TOO_SLOW, "slow client: over " + capBytes + " queued bytes; resume from cursor "
                        + (handedThrough == null ? "" : handedThrough));
                return;
            }
            skipped += queue.size();
            queue.clear();
            // the frame on its way still counts until it is written
            queuedBytes = sendingBytes;
        }
        queue.add(e);
        queuedBytes += bytes;
        queuedLedger = e.ledger();
        queuedIndex = e.eventIndex();
    }

    /** Sends what is queued (in frames of up to {@code frameEvents}, one on its way at a time). */
    void flush() {
        drain();
    }

    /** Sends a heartbeat (bypassing the cap): the last cursor sent and the time. */
    void heartbeat() {
        EventCursor c = sentThrough;
        String msg = "{\"type\":\"heartbeat\",\"cursor\":" + (c == null ? "null" : "\"" + c + "\"") + ",\"time\":\""
                + Instant.now() + "\"" + (skippedNow() > 0 ? ",\"skipped\":" + skippedNow() : "") + "}";
        if (!closed()) {
            connection.sendText(msg).subscribe().with(ok -> { }, err -> LOG.debugf("heartbeat to %s: %s", id(), err.getMessage()));
        }
    }

    private synchronized long skippedNow() {
        return skipped;
    }

    /** Sends the next frame unless one is on its way: up to {@code frameEvents} queued events together. */
    private void drain() {
        List<LiveEvent> frame;
        long frameBytes = 0;
        EventCursor cursor;
        synchronized (this) {
            if (sending || closed || queue.isEmpty()) {
                return;
            }
            sending = true;
            frame = new ArrayList<>(Math.min(queue.size(), frameEvents));
            while (!queue.isEmpty() && frame.size() < frameEvents) {
                LiveEvent e = queue.poll();
                frame.add(e);
                frameBytes += e.bytes(format);
            }
            LiveEvent last = frame.get(frame.size() - 1);
            cursor = new EventCursor(last.ledger(), last.eventIndex());
            handedThrough = cursor;
            sendingBytes = frameBytes;
        }
        var send = format == Format.JSON
                ? connection.sendText(EventJson.frame(frame, LiveEvent::json))
                : connection.sendBinary(Buffer.buffer(arrow(frame)));
        send.subscribe().with(ok -> {
            synchronized (this) {
                queuedBytes -= sendingBytes;
                sendingBytes = 0;
                sending = false;
                sentThrough = cursor;
                notifyAll();
            }
            drain();
        }, err -> {
            LOG.debugf("sending to %s failed: %s", id(), err.getMessage());
            close(1011, "send failed");
        });
    }

    private byte[] arrow(List<LiveEvent> frame) {
        try (VectorSchemaRoot root = TokenTransferEventVectors.newRoot(allocator)) {
            new TokenTransferEventVectors(root).appendAll(frame.stream().map(LiveEvent::row).toList());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArrowStreamWriter w = new ArrowStreamWriter(root, null, out)) {
                w.start();
                w.writeBatch();
                w.end();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("encoding an Arrow frame: " + e.getMessage(), e);
        }
    }

    /** Closes the connection with {@code code} and a reason (cut to the 123 bytes a close frame holds). */
    synchronized void close(int code, String reason) {
        closeLocked(code, reason);
    }

    private void closeLocked(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        queuedBytes = 0;
        notifyAll();
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        String cut = b.length <= 123 ? reason : new String(b, 0, 123, StandardCharsets.UTF_8);
        LOG.debugf("closing %s: %d %s", id(), code, cut);
        connection.close(new CloseReason(code, cut)).subscribe().with(ok -> { }, err -> { });
    }

    /** The connection went away by itself. */
    synchronized void gone() {
        closed = true;
        queue.clear();
        notifyAll();
    }
}
