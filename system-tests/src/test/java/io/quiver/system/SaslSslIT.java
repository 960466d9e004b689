package io.quiver.system;

import static io.quiver.ttp.pipeline.EventTopicChecks.byId;
import static io.quiver.ttp.pipeline.EventTopicChecks.eventRows;
import static io.quiver.ttp.pipeline.EventTopicChecks.expected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quiver.codec.RecordHeaders;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import io.quiver.service.testing.PackagedService;
import io.quiver.stellar.NetworkIds;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three packaged stages on a broker's SASL_SSL listener (PLAIN over TLS, a certificate made
 * here), configured through {@code kafka.*} settings alone; the test itself looks from the
 * broker's plaintext listener.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class SaslSslIT {

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void broker() throws Exception {
        certs = TestCertificates.make(dir);
        broker = EmbeddedKafkaBroker.startWithSaslSsl(new EmbeddedKafkaBroker.SaslSsl(0, certs.keystore(), certs.password(),
                Map.of("quiver", "s3cret")));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Map<String, String> kafka(String password) {
        return Map.of("kafka.bootstrap.servers", broker.saslSslBootstrapServers(),
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"quiver\" password=\""
                        + password + "\";",
                "kafka.ssl.truststore.location", certs.truststore().toString(),
                "kafka.ssl.truststore.password", certs.password(),
                "kafka.ssl.truststore.type", "PKCS12");
    }

    @Test
    void ingestTtpAndLloRunOnTheSaslSslListenerAloneAndProduceWhatTheyDoOnPlaintext(BufferAllocator allocator) throws Exception {
        Pipelines p = new Pipelines();
        List<PackagedService> services = new ArrayList<>();
        try {
            services.add(PackagedService.start("ttp-service", "ttp-sasl", p.ttp(kafka("s3cret"))));
            services.add(PackagedService.start("llo-service", "llo-sasl", p.llo(kafka("s3cret"), dir)));
            services.add(PackagedService.start("ingest-service", "ingest-sasl", p.ingest(kafka("s3cret"), Map.of(
                    "quiver.ingest.source", "generated", "quiver.ingest.generated.interval", "50ms",
                    "quiver.ingest.start-ledger", "2", "quiver.ingest.end-ledger", "31"))));
            for (PackagedService s : services) {
                s.awaitReady(Duration.ofSeconds(90));
                String ready = s.readiness();
                assertTrue(ready.contains("\"security.protocol\": \"SASL_SSL\"") && ready.contains(broker.saslSslBootstrapServers()),
                        s.name() + " talks to the SASL_SSL listener: " + ready);
            }
            try (KafkaProducer<byte[], byte[]> producer = KafkaClients.plaintext(broker.bootstrapServers()).idempotentProducer(8 << 20)) {
                for (int node = 0; node < 4; node++) {
                    p.observe(producer, allocator, "g", 7, node);
                }
            }
            // what the pipeline makes of these ledgers on plaintext (TtpPipelineTest): the extraction, event for event
            List<SourcedLedger> published = Ledgers.onTopic(broker.bootstrapServers(), p.ledgers, allocator);
            assertEquals(30, published.size(), "ledgers 2..31 published once each over SASL_SSL");
            var want = byId(expected(published, NetworkIds.QUIVER_GENERATED));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            var got = byId(eventRows(broker.bootstrapServers(), p.events, allocator));
            while (got.size() < want.size() && System.nanoTime() < deadline) {
                got = byId(eventRows(broker.bootstrapServers(), p.events, allocator));
            }
            assertEquals(want.size(), got.size(), "as many events as the ledgers hold");
            assertTrue(want.size() > 300, "ten payments a ledger make events: " + want.size());
            for (String id : want.keySet()) {
                assertEquals(want.get(id), got.get(id), id);
            }
            List<ConsumerRecord<byte[], byte[]>> rounds = TestKafka.readCommitted(broker.bootstrapServers(), p.aggregates,
                    Duration.ofSeconds(3));
            assertEquals(1, rounds.size(), "one aggregates record for round 7");
            assertEquals("7", RecordHeaders.text(rounds.get(0).headers(), RecordHeaders.LLO_ROUND));
        } finally {
            Pipelines.closeAll(services);
        }
    }

    @Test
    void aWrongPasswordIsReadinessDownWithTheBrokersReasonWithin30sAndTheServicesKeepRetrying() throws Exception {
        Pipelines p = new Pipelines();
        List<PackagedService> services = new ArrayList<>();
        try {
            services.add(PackagedService.start("ttp-service", "ttp-badpw", p.ttp(kafka("wrong"))));
            services.add(PackagedService.start("llo-service", "llo-badpw", p.llo(kafka("wrong"), dir)));
            services.add(PackagedService.start("ingest-service", "ingest-badpw", p.ingest(kafka("wrong"),
                    Map.of("quiver.ingest.source", "generated", "quiver.ingest.start-ledger", "2"))));
            for (PackagedService s : services) {
                Duration took = s.awaitDown("Authentication failed", Duration.ofSeconds(30));
                System.out.printf("%s: readiness DOWN with the broker's reason after %d ms%n", s.name(), took.toMillis());
            }
            Thread.sleep(5000);
            for (PackagedService s : services) {
                assertTrue(s.process().isAlive(), s.name() + " is still running (retrying), not exited");
                assertTrue(s.readiness().contains("Authentication failed"), s.name() + " still DOWN with the reason: " + s.readiness());
                assertTrue(s.readiness().contains("\"state\": \"retrying\""), s.name() + "'s stage retries: " + s.readiness());
            }
        } finally {
            Pipelines.closeAll(services);
        }
    }
}
