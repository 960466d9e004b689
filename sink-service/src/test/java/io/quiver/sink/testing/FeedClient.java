package io.quiver.sink.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A live feed client on the JDK's own WebSocket: collects event objects (from single-event and
 * array frames), binary frames, heartbeats and the close code and reason. {@code reading} false
 * makes it a client that stops reading (it asks for no message until {@link #startReading()}).
 */
public final class FeedClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Synchronized, not copy-on-write: tens of thousands of events arrive one by one. */
    public final List<JsonNode> events = java.util.Collections.synchronizedList(new ArrayList<>());
    public final List<JsonNode> heartbeats = new CopyOnWriteArrayList<>();
    public final List<byte[]> binary = new CopyOnWriteArrayList<>();
    public final CompletableFuture<int[]> closedCode = new CompletableFuture<>();
    public volatile String closeReason;
    private final boolean reading;
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    private WebSocket ws;

    private FeedClient(boolean reading) {
        this.reading = reading;
    }

    public static FeedClient connect(int port, String query, boolean reading) throws Exception {
        FeedClient c = new FeedClient(reading);
        c.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/events/live" + (query.isEmpty() ? "" : "?" + query)), c)
                .get(10, TimeUnit.SECONDS);
        return c;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    public void startReading() {
        ws.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            try {
                JsonNode n = JSON.readTree(text.toString());
                if (n.isArray()) {
                    n.forEach(events::add);
                } else if (n.has("type") && n.get("type").asText().equals("heartbeat")) {
                    heartbeats.add(n);
                } else {
                    events.add(n);
                }
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + text, e);
            }
            text.setLength(0);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        bytes.writeBytes(b);
        if (last) {
            binary.add(bytes.toByteArray());
            bytes.reset();
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closedCode.complete(new int[] {statusCode});
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closedCode.complete(new int[] {-1});
    }

    public List<String> ids() {
        List<String> out = new ArrayList<>();
        synchronized (events) {
            for (JsonNode n : events) {
                out.add(n.get("event_id").asText());
            }
        }
        return out;
    }

    public String lastCursor() {
        synchronized (events) {
            return events.isEmpty() ? null : events.get(events.size() - 1).get("cursor").asText();
        }
    }

    /** Waits until {@code n} events arrived (or the timeout). */
    public boolean await(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (events.size() < n && System.nanoTime() < end && !closedCode.isDone()) {
            Thread.sleep(20);
        }
        return events.size() >= n;
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }
}
