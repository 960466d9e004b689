package io.quiver.sink.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quiver.schema.rows.TokenTransferEventRow;
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

    private record Item(TokenTransferEventRow event, String json, long bytes) {
    }

    private final WebSocketConnection connection;
    private final EventSelection selection;
    private final Format format;
    private final boolean conflate;
    private final long capBytes;
    private final int frameEvents;
    private final BufferAllocator allocator;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean sending;
    private boolean closed;
    private EventCursor queuedThrough;
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
        this.queuedThrough = after;
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
     * Queues {@code e} if it passes the filters and comes after what is queued. A live event over the
     * cap closes the client with {@link LiveFeed#CLOSE_TOO_SLOW} (or, conflated, drops the backlog);
     * a replayed one ({@code live} false) waits for room instead. False once the client is closed.
     */
    boolean offer(TokenTransferEventRow e, Supplier<String> json, boolean live) throws InterruptedException {
        if (!selection.test(e)) {
            return !closed();
        }
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queuedThrough != null && !queuedThrough.before(e.ledgerSequence(), e.eventIndex())) {
                return true;
            }
            while (!live && queuedBytes > capBytes && !closed) {
                wait(1000);
            }
            if (closed) {
                return false;
            }
            String text = format == Format.JSON ? json.get() : null;
            long bytes = text != null ? text.length() + 1 : 300;
            if (live && queuedBytes + bytes > capBytes) {
                if (!conflate) {
                    closeLocked(LiveFeed.CLOSE_TOO_SLOW, "slow client: over " + capBytes + " queued bytes; resume from cursor "
                            + (handedThrough == null ? "" : handedThrough));
                    return false;
                }
                skipped += queue.size();
                queue.clear();
                queuedBytes = 0;
            }
            queue.add(new Item(e, text, bytes));
            queuedBytes += bytes;
            queuedThrough = new EventCursor(e.ledgerSequence(), e.eventIndex());
        }
        drain();
        return true;
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
        List<Item> frame;
        synchronized (this) {
            if (sending || closed || queue.isEmpty()) {
                return;
            }
            sending = true;
            frame = new ArrayList<>(Math.min(queue.size(), frameEvents));
            while (!queue.isEmpty() && frame.size() < frameEvents) {
                frame.add(queue.poll());
            }
            TokenTransferEventRow last = frame.get(frame.size() - 1).event();
            handedThrough = new EventCursor(last.ledgerSequence(), last.eventIndex());
        }
        long bytes = 0;
        for (Item i : frame) {
            bytes += i.bytes();
        }
        long frameBytes = bytes;
        Item lastItem = frame.get(frame.size() - 1);
        EventCursor cursor = new EventCursor(lastItem.event().ledgerSequence(), lastItem.event().eventIndex());
        var send = format == Format.JSON
                ? connection.sendText(EventJson.frame(frame.stream().map(Item::json).toList()))
                : connection.sendBinary(Buffer.buffer(arrow(frame)));
        send.subscribe().with(ok -> {
            synchronized (this) {
                queuedBytes -= frameBytes;
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

    private byte[] arrow(List<Item> frame) {
        try (VectorSchemaRoot root = TokenTransferEventVectors.newRoot(allocator)) {
            new TokenTransferEventVectors(root).appendAll(frame.stream().map(Item::event).toList());
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
