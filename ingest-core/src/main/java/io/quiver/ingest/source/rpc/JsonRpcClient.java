package io.quiver.ingest.source.rpc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.ingest.source.LedgerSourceException;

/**
 * JSON-RPC 2.0 over HTTP POST with retries: connection failures, timeouts, HTTP 429 and 5xx are
 * retried with exponential backoff; a JSON-RPC error object is returned to the caller at once.
 */
final class JsonRpcClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();

    JsonRpcClient(URI url, int maxAttempts, Duration backoff, Duration timeout) {
        this.url = url;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    URI url() {
        return url;
    }

    /** The {@code result} of {@code method}; throws {@link RpcError} for an error object. */
    JsonNode call(String method, ObjectNode params) throws IOException, InterruptedException, RpcError {
        ObjectNode req = JSON.createObjectNode();
        req.put("jsonrpc", "2.0");
        req.put("id", ids.incrementAndGet());
        req.put("method", method);
        req.set("params", params);
        byte[] body = JSON.writeValueAsBytes(req);
        String failure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                Thread.sleep(backoff.toMillis() << Math.min(attempt - 2, 8));
            }
            HttpResponse<byte[]> resp;
            try {
                resp = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                continue;
            }
            int status = resp.statusCode();
            if (status == 429 || status >= 500) {
                failure = "HTTP " + status;
                continue;
            }
            if (status != 200) {
                throw new LedgerSourceException("RPC " + url + " " + method + ": HTTP " + status);
            }
            JsonNode root;
            try {
                root = JSON.readTree(resp.body());
            } catch (IOException e) {
                throw new LedgerSourceException("RPC " + url + " " + method + ": response is not JSON: "
                        + e.getMessage().split("\n")[0]);
            }
            JsonNode error = root.get("error");
            if (error != null && !error.isNull()) {
                throw new RpcError(error.path("code").asLong(), error.path("message").asText(error.toString()));
            }
            JsonNode result = root.get("result");
            if (result == null || result.isNull()) {
                throw new LedgerSourceException("RPC " + url + " " + method + ": response has neither result nor error");
            }
            return result;
        }
        throw new LedgerSourceException("RPC " + url + " " + method + ": " + failure + " (gave up after " + maxAttempts
                + " attempts)");
    }
}
