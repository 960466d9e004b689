package io.quiver.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.codec.IpcCompression;
import io.quiver.schema.QuiverSchema;
import io.quiver.schema.TokenTransferEventSchema;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.Environment;
import io.quiver.testing.TestKafka;
import io.quiver.legacy.TokenTransferEventProtoConverterTestData;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A consumer outside Java: the Node script of clients/node (npm apache-arrow + kafkajs) reads a topic
 * this test produced through the real broker, and we check what it saw: schema metadata, column
 * descriptions and values, for a ZSTD record and an uncompressed one.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class NodeConsumerInteropTest {

    @Test
    void aNodeConsumerReadsSchemaMetadataAndValuesFromTheTopic(BufferAllocator allocator) throws Exception {
        Path client = Environment.nodeClient();
        String topic = TestKafka.freshTopic("interop.ttp", 1);
        List<TokenTransferEventRow> rows = TokenTransferEventProtoConverterTestData.samples();
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer();
             VectorSchemaRoot root = TokenTransferEventVectors.newRoot(allocator)) {
            TokenTransferEventVectors w = new TokenTransferEventVectors(root);
            rows.forEach(w::append);
            for (IpcCompression c : IpcCompression.values()) {
                EncodedRecord r = new ArrowKafkaCodec(c, ArrowKafkaCodec.DEFAULT_MAX_RECORD_BYTES)
                        .encode(root, BatchLabel.ledgers(53_312_000L, 53_312_000L)).get(0);
                producer.send(new ProducerRecord<>(topic, null, "53312000".getBytes(), r.value(), r.headers())).get();
            }
        }

        Process node = new ProcessBuilder("node", "read-topic.mjs", "--bootstrap", TestKafka.broker().bootstrapServers(),
                "--topic", topic, "--count", "2", "--rows", "7", "--timeout-ms", "60000")
                .directory(client.toFile()).redirectErrorStream(false).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(90, TimeUnit.SECONDS), "node did not finish");
        assertEquals(0, node.exitValue(), "node read-topic failed: " + err + out);

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            records.add(json.readTree(line));
        }
        assertEquals(2, records.size(), out);
        QuiverSchema schema = TokenTransferEventSchema.SCHEMA;
        List<String> compressions = new ArrayList<>();
        for (JsonNode rec : records) {
            assertEquals(schema.name(), rec.get("schemaName").asText());
            assertEquals(schema.version().toString(), rec.get("schemaVersion").asText());
            assertEquals(rows.size(), rec.get("numRows").asInt());
            assertEquals("53312000", rec.get("headers").get("quiver.ledger.first").asText());
            compressions.add(rec.get("headers").get("quiver.compression").asText());
            assertEquals(schema.arrowSchema().getFields().size(), rec.get("fields").size());
            for (JsonNode f : rec.get("fields")) {
                assertNotNull(f.get("description").textValue(), "no description on " + f.get("name"));
            }
            JsonNode r3 = rec.get("rows").get(3);
            assertEquals("mint", r3.get("event_type").asText());
            assertEquals("18446947143889701584", r3.get("amount").asText());
            assertEquals("USDC", r3.get("asset_code").asText());
            assertEquals(53312000, r3.get("ledger_sequence").asLong());
            assertEquals("ab".repeat(32), r3.get("tx_hash").asText());
            assertEquals("53312000-3-3-3", r3.get("event_id").asText());
            JsonNode r1 = rec.get("rows").get(1);
            assertEquals("-40000", r1.get("amount").asText());
            assertTrue(r1.get("operation_index").isNull(), "fee has no operation index");
            assertEquals("18446744073709551615", rec.get("rows").get(2).get("to_muxed_id").asText(), "uint64 max");
        }
        assertEquals(List.of("none", "zstd"), compressions);
    }
}
