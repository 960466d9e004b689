package io.quiver.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quiver.ingest.source.SourcedLedger;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.service.testing.PackagedService;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.SharedLedgers;
import io.quiver.ttp.pipeline.EventTopicChecks;
import io.quiver.ttp.pipeline.LedgerTopicWriter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A replacement for a killed ttp instance holds no partition until the group gives up on the dead one: meanwhile it is not caught up. */
@ExtendWith(ArrowAllocatorExtension.class)
class TtpReplacementIT {

    @Test
    void aReplacementHoldingNoPartitionsDoesNotReportCaughtUpUntilItTakesOver(BufferAllocator allocator) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Pipelines p = new Pipelines();
            broker.createTopics(1, p.ledgers); // one partition: only one instance can hold it
            Map<String, String> settings = new HashMap<>(p.ttp(Map.of("kafka.bootstrap.servers", broker.bootstrapServers())));
            // the group waits this long for a silent member before it hands its partitions on
            settings.put("quiver.ttp.session-timeout", "20s");
            settings.put("quiver.ttp.instance-id", "killed");
            try (PackagedService a = PackagedService.start("ttp-service", "ttp-killed", settings)) {
                a.awaitReady(Duration.ofSeconds(90));
                BrokerOutageIT.await(() -> a.readiness().contains("\"caught_up\": true"), Duration.ofSeconds(60), "A holds the partition");
                a.kill();
            }
            settings.put("quiver.ttp.instance-id", "replacement");
            try (PackagedService b = PackagedService.start("ttp-service", "ttp-replacement", settings)) {
                b.awaitReady(Duration.ofSeconds(90));
                // until A's session expires the group cannot rebalance: B runs, holds nothing, and must not say caught up
                String waiting = b.readiness();
                assertTrue(waiting.contains("\"partitions\": 0") && waiting.contains("\"caught_up\": false")
                        && waiting.contains("waiting for the group"), waiting);
                assertEquals(-1.0, b.metric("quiver_ttp_lag_records", null).orElse(0), "lag unknown, not 0");
                assertEquals(0.0, b.metric("quiver_ttp_partitions", null).orElse(-1));
                List<SourcedLedger> pubnet = EventTopicChecks.ledgers("mainnet/ttp-example-ledgers-base64.txt");
                try (KafkaProducer<byte[], byte[]> producer = KafkaClients.plaintext(broker.bootstrapServers()).idempotentProducer(8 << 20)) {
                    LedgerTopicWriter.write(producer, p.ledgers, List.of(pubnet.get(0)), SharedLedgers.PUBNET, allocator);
                }
                BrokerOutageIT.await(() -> b.readiness().contains("\"caught_up\": true")
                        && b.metric("quiver_ttp_ledgers_total", null).orElse(0) >= 1, Duration.ofSeconds(60), "B took over and caught up");
                assertEquals(1.0, b.metric("quiver_ttp_partitions", null).orElse(-1));
            }
        }
    }
}
