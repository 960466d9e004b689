package io.quiver.ingest.source.rpc;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.ingest.source.LedgerRange;
import io.quiver.ingest.source.LedgerSource;
import io.quiver.ingest.source.LedgerSourceException;
import io.quiver.ingest.source.LedgerStream;
import io.quiver.ingest.source.SourceItem;
import io.quiver.ingest.source.SourcedLedger;

/**
 * Ledgers from a Stellar RPC node's {@code getLedgers} (pages of up to 200, then by cursor).
 * A start ledger older than the node's retention window is an error naming the window; one newer
 * than its latest ledger is waited for (following the tip).
 */
public final class RpcLedgerSource implements LedgerSource {

    /** {@code pageSize}: 1..200; {@code passphrase}: when empty, asked of the node ({@code getNetwork}). */
    public record Settings(URI url, int pageSize, int maxAttempts, Duration backoff, Duration pollInterval,
                           Duration timeout, Optional<String> passphrase) {
        public Settings {
            if (pageSize < 1 || pageSize > 200) {
                throw new IllegalArgumentException("RPC page size must be 1..200 (getLedgers' limit), was " + pageSize);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be positive");
            }
        }

        public static Settings of(URI url, Optional<String> passphrase) {
            return new Settings(url, 200, 5, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(30), passphrase);
        }
    }

    private final Settings settings;
    private final JsonRpcClient rpc;
    private final String passphrase;

    private RpcLedgerSource(Settings settings, JsonRpcClient rpc, String passphrase) {
        this.settings = settings;
        this.rpc = rpc;
        this.passphrase = passphrase;
    }

    public static RpcLedgerSource open(Settings settings) throws IOException, InterruptedException {
        JsonRpcClient rpc = new JsonRpcClient(settings.url(), settings.maxAttempts(), settings.backoff(), settings.timeout());
        String passphrase = settings.passphrase().orElse(null);
        if (passphrase == null) {
            try {
                passphrase = rpc.call("getNetwork", JsonRpcClient.params()).path("passphrase").asText(null);
            } catch (RpcError e) {
                throw new LedgerSourceException("RPC " + settings.url() + " getNetwork: " + e.getMessage());
            }
            if (passphrase == null) {
                throw new LedgerSourceException("RPC " + settings.url() + " getNetwork: no passphrase in the answer");
            }
        }
        return new RpcLedgerSource(settings, rpc, passphrase);
    }

    @Override
    public String networkPassphrase() {
        return passphrase;
    }

    @Override
    public String kind() {
        return "rpc";
    }

    @Override
    public String describe() {
        return "Stellar RPC " + settings.url();
    }

    @Override
    public long latestLedger() throws IOException {
        try {
            return rpc.call("getLatestLedger", JsonRpcClient.params()).path("sequence").asLong(-1);
        } catch (RpcError e) {
            throw new LedgerSourceException("RPC " + settings.url() + " getLatestLedger: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerSourceException("interrupted");
        }
    }

    @Override
    public LedgerStream open(LedgerRange range) {
        return new Stream(range);
    }

    @Override
    public void close() {
    }

    private final class Stream implements LedgerStream {
        private final LedgerRange range;
        private final ArrayDeque<SourcedLedger> buffered = new ArrayDeque<>();
        private long next;
        private String cursor;

        Stream(LedgerRange range) {
            this.range = range;
            this.next = range.start();
        }

        @Override
        public SourceItem next() throws IOException, InterruptedException {
            while (buffered.isEmpty()) {
                if (range.isAfterEnd(next)) {
                    return null;
                }
                if (!fetchPage()) {
                    Thread.sleep(settings.pollInterval().toMillis());
                }
            }
            SourcedLedger l = buffered.poll();
            return range.isAfterEnd(l.sequence()) ? null : l;
        }

        /** One getLedgers page into the buffer; false when the node has no newer ledger yet. */
        private boolean fetchPage() throws IOException, InterruptedException {
            ObjectNode params = JsonRpcClient.params();
            ObjectNode page = params.putObject("pagination");
            long limit = settings.pageSize();
            if (range.end().isPresent()) {
                limit = Math.max(1, Math.min(limit, range.end().getAsLong() - next + 1));
            }
            page.put("limit", limit);
            if (cursor == null) {
                params.put("startLedger", next);
            } else {
                page.put("cursor", cursor);
            }
            params.put("xdrFormat", "base64");
            JsonNode result;
            try {
                result = rpc.call("getLedgers", params);
            } catch (RpcError e) {
                return outsideWindow(e);
            }
            JsonNode ledgers = result.path("ledgers");
            int added = 0;
            for (JsonNode l : ledgers) {
                long seq = l.path("sequence").asLong(-1);
                if (seq < next) {
                    continue;
                }
                String where = "RPC " + settings.url() + " getLedgers ledger " + seq;
                if (seq != next) {
                    throw new LedgerSourceException(where + ": expected ledger " + next + " next (the node skipped ledgers)");
                }
                String meta = l.path("metadataXdr").asText(null);
                if (meta == null) {
                    throw new LedgerSourceException(where + ": field metadataXdr is missing");
                }
                byte[] xdr;
                try {
                    xdr = Base64.getDecoder().decode(meta);
                } catch (IllegalArgumentException e) {
                    throw new LedgerSourceException(where + ": field metadataXdr is not base64: " + e.getMessage());
                }
                buffered.add(new SourcedLedger(seq, xdr, where));
                next++;
                added++;
            }
            if (result.hasNonNull("cursor") && added > 0) {
                cursor = result.get("cursor").asText();
            }
            return added > 0;
        }

        /** Explains a refused request by the node's window: too old is an error, too new means wait. */
        private boolean outsideWindow(RpcError e) throws IOException, InterruptedException {
            JsonNode health;
            try {
                health = rpc.call("getHealth", JsonRpcClient.params());
            } catch (RpcError again) {
                throw new LedgerSourceException("RPC " + settings.url() + " getLedgers from ledger " + next + ": "
                        + e.getMessage() + " (code " + e.code + ")");
            }
            long oldest = health.path("oldestLedger").asLong(-1);
            long latest = health.path("latestLedger").asLong(-1);
            if (oldest > 0 && next < oldest) {
                throw new LedgerSourceException("RPC " + settings.url() + ": start ledger " + next
                        + " is outside the node's window " + oldest + ".." + latest
                        + " (it keeps only recent ledgers; use a data lake for older history)");
            }
            if (latest >= 0 && next > latest) {
                cursor = null;
                return false;
            }
            throw new LedgerSourceException("RPC " + settings.url() + " getLedgers from ledger " + next + ": "
                    + e.getMessage() + " (code " + e.code + ")");
        }

        @Override
        public boolean ready() {
            return !buffered.isEmpty();
        }

        @Override
        public void close() {
        }
    }
}
