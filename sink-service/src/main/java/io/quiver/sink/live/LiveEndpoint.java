package io.quiver.sink.live;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quiver.memory.ServiceAllocator;
import io.quiver.sink.events.EventCursor;
import io.quiver.sink.events.EventSelection;
import org.apache.arrow.memory.BufferAllocator;

/**
 * {@code /v1/events/live}: token transfer events as they arrive, filtered on the server. Query
 * parameters: {@code types}, {@code assets}, {@code accounts}, {@code contracts},
 * {@code min_amount} (as on REST), {@code format=json|arrow}, {@code from_ledger=N} or
 * {@code cursor=L-E} to replay history first, {@code conflate=true} to skip ahead instead of being
 * closed when falling behind. Bad parameters close the connection with 4400 and the reason.
 */
@WebSocket(path = "/v1/events/live")
public class LiveEndpoint {

    private static final Set<String> PARAMS = Set.of("types", "assets", "accounts", "contracts", "min_amount", "format",
            "from_ledger", "cursor", "conflate", "token");

    private final LiveFeed feed;
    private final LiveSettings settings;
    private final BufferAllocator allocator;

    public LiveEndpoint(LiveFeed feed, LiveSettings settings, ServiceAllocator allocator) {
        this.feed = feed;
        this.settings = settings;
        this.allocator = allocator.stage("live-frames", 256L << 20);
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        Map<String, String> q;
        EventSelection selection;
        LiveClient.Format format;
        Position from = null;
        EventCursor after = null;
        boolean conflate;
        try {
            q = query(connection.handshakeRequest().query());
            selection = EventSelection.parse(q.get("types"), q.get("assets"), q.get("accounts"), q.get("contracts"), q.get("min_amount"));
            String f = q.getOrDefault("format", "json").toLowerCase(Locale.ROOT);
            format = switch (f) {
                case "json" -> LiveClient.Format.JSON;
                case "arrow" -> LiveClient.Format.ARROW;
                default -> throw new IllegalArgumentException("format: '" + f + "': expected json or arrow");
            };
            if (q.containsKey("cursor") && q.containsKey("from_ledger")) {
                throw new IllegalArgumentException("cursor and from_ledger: give one");
            }
            if (q.containsKey("cursor")) {
                after = EventCursor.parse(q.get("cursor"));
                from = Position.of(after);
            } else if (q.containsKey("from_ledger")) {
                long l;
                try {
                    l = Long.parseLong(q.get("from_ledger"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("from_ledger: '" + q.get("from_ledger") + "' is not a ledger sequence");
                }
                if (l < 0 || l > 0xFFFF_FFFFL) {
                    throw new IllegalArgumentException("from_ledger: " + l + " is not a ledger sequence");
                }
                from = Position.before(l);
            }
            String c = q.getOrDefault("conflate", "false");
            if (!c.equals("true") && !c.equals("false")) {
                throw new IllegalArgumentException("conflate: '" + c + "': expected true or false");
            }
            conflate = c.equals("true");
        } catch (IllegalArgumentException e) {
            LiveClient rejected = new LiveClient(connection, EventSelection.ALL, LiveClient.Format.JSON, false, 0, 1, allocator, null);
            rejected.close(LiveFeed.CLOSE_BAD_REQUEST, e.getMessage());
            return;
        }
        feed.add(new LiveClient(connection, selection, format, conflate, settings.queueBytes(), settings.frameEvents(), allocator, after),
                from);
    }

    /** Clients do not need to send anything; a message is ignored (a client may use it as a keep-alive). */
    @OnTextMessage
    void message(String text) {
    }

    @OnClose
    void close(WebSocketConnection connection) {
        feed.remove(connection.id());
    }

    /** The query string as a map; unknown or repeated parameters are refused, naming them. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!PARAMS.contains(k)) {
                throw new IllegalArgumentException("unknown parameter '" + k + "': expected one of " + PARAMS.stream().sorted().toList());
            }
            if (out.put(k, v) != null) {
                throw new IllegalArgumentException("parameter '" + k + "' given twice");
            }
        }
        return out;
    }
}
