package io.quiver.sink.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.lake.testing.TtpEventBatches;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Token transfer events for serving tests: {@link TtpEventBatches}' deterministic rows with their
 * made-up accounts turned into well-formed G addresses (filters validate addresses), published to a
 * topic one record per {@code ledgersPerRecord} ledgers, keyed and labelled as ttp-service does.
 */
public final class ServingEvents {

    private final TtpEventBatches source;
    private final int eventsPerLedger;

    public ServingEvents(long seed, int eventsPerLedger) {
        this.source = new TtpEventBatches(seed, eventsPerLedger);
        this.eventsPerLedger = eventsPerLedger;
    }

    public int eventsPerLedger() {
        return eventsPerLedger;
    }

    public TokenTransferEventRow row(long ledger, int e) {
        TokenTransferEventRow r = source.row(ledger, e);
        return new TokenTransferEventRow(r.ledgerSequence(), r.closedAt(), r.txHash(), r.transactionIndex(), r.operationIndex(),
                r.eventIndex(), r.eventType(), r.contractAddress(), address(r.from()), address(r.to()), r.assetType(), r.assetCode(),
                r.assetIssuer(), r.amount(), r.toMuxedType(), r.toMuxedText(), r.toMuxedId(), r.toMuxedHash());
    }

    /** Every event of ledgers {@code [first, first + ledgers)}, in order. */
    public List<TokenTransferEventRow> rows(long first, int ledgers) {
        List<TokenTransferEventRow> out = new ArrayList<>();
        for (long l = first; l < first + ledgers; l++) {
            for (int e = 0; e < eventsPerLedger; e++) {
                out.add(row(l, e));
            }
        }
        return out;
    }

    /** A G address made from {@code name} (null stays null): 'G' and 55 base32 characters of its hash. */
    public static String address(String name) {
        if (name == null) {
            return null;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            StringBuilder sb = new StringBuilder("G");
            for (int i = 0; sb.length() < 56; i++) {
                sb.append(alphabet.charAt((h[i % h.length] & 0xff) % 32));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes ledgers {@code [first, first + ledgers)} to {@code topic}, {@code perRecord} ledgers a record; waits for the acks. */
    public void publish(String bootstrap, String topic, BufferAllocator allocator, ArrowKafkaCodec codec, long first, int ledgers,
                        int perRecord) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long l = first; l < first + ledgers; l += perRecord) {
                int n = (int) Math.min(perRecord, first + ledgers - l);
                try (VectorSchemaRoot root = TokenTransferEventVectors.newRoot(allocator)) {
                    new TokenTransferEventVectors(root).appendAll(rows(l, n));
                    for (EncodedRecord r : codec.encode(root, BatchLabel.ledgers(l, l + n - 1))) {
                        producer.send(new ProducerRecord<>(topic, null, Long.toString(l).getBytes(StandardCharsets.UTF_8),
                                r.value(), r.headers()));
                    }
                }
            }
            producer.flush();
        }
    }
}
