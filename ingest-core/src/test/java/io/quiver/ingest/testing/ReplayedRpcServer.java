package io.quiver.ingest.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a remote Stellar RPC node (outside our reach in tests): it answers JSON-RPC
 * {@code getLedgers} from a real recorded response, returning the recorded ledger objects
 * verbatim, paged by {@code startLedger} / {@code pagination.cursor} and {@code limit}, and refuses
 * a start outside the recorded window the way a node does. {@code getHealth},
 * {@code getLatestLedger} and {@code getNetwork} describe that window. It can fail the next
 * requests with HTTP 503 to exercise retries.
 */
public final class ReplayedRpcServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> ledgers;
    private final String passphrase;
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger getLedgersCalls = new AtomicInteger();

    private ReplayedRpcServer(List<JsonNode> ledgers, String passphrase) throws IOException {
        this.ledgers = ledgers;
        this.passphrase = passphrase;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves the ledgers of a recorded {@code getLedgers} response file. */
    public static ReplayedRpcServer replaying(Path recorded, String passphrase) throws IOException {
        JsonNode root = JSON.readTree(Files.readAllBytes(recorded));
        JsonNode list = root.at("/result/ledgers");
        if (list.isMissingNode()) {
            list = root.at("/GetLedgersResult/value/ledgers");
        }
        if (!list.isArray() || list.isEmpty()) {
            throw new IOException(recorded + ": no recorded ledgers");
        }
        List<JsonNode> ledgers = new ArrayList<>();
        list.forEach(ledgers::add);
        return new ReplayedRpcServer(ledgers, passphrase);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public long oldest() {
        return ledgers.get(0).path("sequence").asLong();
    }

    public long latest() {
        return ledgers.get(ledgers.size() - 1).path("sequence").asLong();
    }

    /** The next {@code n} requests get HTTP 503. */
    public void failNext(int n) {
        failNext.set(n);
    }

    public int getLedgersCalls() {
        return getLedgersCalls.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.sendResponseHeaders(503, -1);
                return;
            }
            JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
            ObjectNode resp = JSON.createObjectNode();
            resp.put("jsonrpc", "2.0");
            resp.set("id", req.get("id"));
            String method = req.path("method").asText();
            JsonNode params = req.path("params");
            switch (method) {
                case "getLedgers" -> getLedgers(params, resp);
                case "getHealth" -> {
                    ObjectNode r = resp.putObject("result");
                    r.put("status", "healthy");
                    r.put("latestLedger", latest());
                    r.put("oldestLedger", oldest());
                    r.put("ledgerRetentionWindow", latest() - oldest() + 1);
                }
                case "getLatestLedger" -> {
                    ObjectNode r = resp.putObject("result");
                    r.put("id", ledgers.get(ledgers.size() - 1).path("hash").asText());
                    r.put("sequence", latest());
                }
                case "getNetwork" -> resp.putObject("result").put("passphrase", passphrase);
                default -> error(resp, -32601, "method not found");
            }
            byte[] body = JSON.writeValueAsBytes(resp);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void getLedgers(JsonNode params, ObjectNode resp) {
        getLedgersCalls.incrementAndGet();
        JsonNode page = params.path("pagination");
        long start;
        if (page.hasNonNull("cursor")) {
            start = Long.parseLong(page.get("cursor").asText()) + 1;
        } else if (params.hasNonNull("startLedger")) {
            start = params.get("startLedger").asLong();
            if (start < oldest() || start > latest()) {
                error(resp, -32600, "start ledger must be between the oldest ledger: " + oldest()
                        + " and the latest ledger: " + latest() + " for this rpc instance.");
                return;
            }
        } else {
            error(resp, -32602, "startLedger or pagination.cursor is required");
            return;
        }
        int limit = page.path("limit").asInt(50);
        ObjectNode r = resp.putObject("result");
        ArrayNode out = r.putArray("ledgers");
        long last = start - 1;
        for (JsonNode l : ledgers) {
            long seq = l.path("sequence").asLong();
            if (seq >= start && out.size() < limit) {
                out.add(l);
                last = seq;
            }
        }
        r.put("latestLedger", latest());
        r.put("oldestLedger", oldest());
        r.put("cursor", Long.toString(last));
    }

    private static void error(ObjectNode resp, int code, String message) {
        ObjectNode e = resp.putObject("error");
        e.put("code", code);
        e.put("message", message);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
