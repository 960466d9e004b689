package io.quiver.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.quiver.codec.RecordHeaders;
import io.quiver.kafka.KafkaClients;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.service.testing.PackagedService;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.TestKafka;
import io.quiver.ttp.pipeline.EventTopicChecks;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker SIGKILLed for three minutes under the three packaged stages, then restarted on its
 * data: each stage goes DOWN and comes back UP by itself, and the topics hold every ledger, event
 * and round exactly once.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class BrokerOutageIT {

    static final Duration OUTAGE = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void aBrokerKilledForThreeMinutesAndRestartedLeavesEveryStageUpAgainAndEveryLedgerEventAndRoundOnce(BufferAllocator allocator)
            throws Exception {
        int port = PackagedService.freePort();
        Path data = dir.resolve("kafka");
        BrokerProcess broker = BrokerProcess.start(data, port);
        Pipelines p = new Pipelines();
        String bootstrap = broker.bootstrapServers(); // the same port before and after the outage
        Map<String, String> kafka = Map.of("kafka.bootstrap.servers", bootstrap);
        List<PackagedService> services = new ArrayList<>();
        int round = 0;
        try {
            PackagedService ttp = PackagedService.start("ttp-service", "ttp-outage", p.ttp(kafka));
            PackagedService llo = PackagedService.start("llo-service", "llo-outage", p.llo(kafka, dir));
            PackagedService ingest = PackagedService.start("ingest-service", "ingest-outage", p.ingest(kafka, Map.of(
                    "quiver.ingest.source", "generated", "quiver.ingest.generated.interval", "250ms",
                    "quiver.ingest.start-ledger", "2")));
            services.addAll(List.of(ttp, llo, ingest));
            for (PackagedService s : services) {
                s.awaitReady(Duration.ofSeconds(90));
            }
            KafkaClients clients = KafkaClients.plaintext(bootstrap);
            try (KafkaProducer<byte[], byte[]> nodes = clients.idempotentProducer(8 << 20)) {
                for (; round < 20; round++) {
                    for (int node = 0; node < 4; node++) {
                        p.observe(nodes, allocator, "g", round, node);
                    }
                    Thread.sleep(100);
                }
            }
            await(() -> ttp.metric("quiver_ttp_ledgers_total", null).orElse(0) >= 10
                    && llo.metric("quiver_llo_rounds_total", "published").orElse(0) >= 20, Duration.ofSeconds(60), "flowing");

            broker.kill();
            long killedAt = System.nanoTime();
            for (PackagedService s : services) {
                Duration took = s.awaitDown("", Duration.ofSeconds(90));
                System.out.printf("%s DOWN %d ms after the broker was killed: %s%n", s.name(), took.toMillis(), s.readiness());
            }
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - killedAt).toMillis()));
            for (PackagedService s : services) {
                assertTrue(s.process().isAlive() && !s.ready(), s.name() + " alive and DOWN after the outage: " + s.readiness());
            }
            broker = BrokerProcess.start(data, port);
            long restartedAt = System.nanoTime();
            for (PackagedService s : services) {
                s.awaitReady(Duration.ofSeconds(120));
                System.out.printf("%s UP again %d ms after the broker came back%n", s.name(),
                        Duration.ofNanos(System.nanoTime() - restartedAt).toMillis());
            }
            try (KafkaProducer<byte[], byte[]> nodes = clients.idempotentProducer(8 << 20)) {
                for (; round < 40; round++) {
                    for (int node = 0; node < 4; node++) {
                        p.observe(nodes, allocator, "g", round, node);
                    }
                    Thread.sleep(100);
                }
            }
            // ingest kept making ledgers during the outage: its transaction's commit timed out (the
            // failure that used to stop it for good), and its run was started again from the checkpoint
            assertTrue(ingest.metric("quiver_stage_restarts_total", "ingest").orElse(0) >= 1,
                    "ingest's run failed during the outage and was started again: " + ingest.log().lines()
                            .filter(l -> l.contains("stage ingest")).toList());
            double before = ingest.metric("quiver_ingest_ledgers_total", null).orElse(0);
            await(() -> ingest.metric("quiver_ingest_ledgers_total", null).orElse(0) >= before + 8, Duration.ofSeconds(60),
                    "ingest publishing again");
            ingest.close();
            services.remove(ingest);

            // every ledger once, contiguous from the start
            List<Long> ledgers = Ledgers.onTopic(bootstrap, p.ledgers, allocator).stream().map(SourcedLedger::sequence).toList();
            long last = ledgers.get(ledgers.size() - 1);
            assertEquals(last - 1, ledgers.size(), "ledgers 2.." + last + " each once, none missing: " + ledgers.size());
            for (int i = 0; i < ledgers.size(); i++) {
                assertEquals(2 + i, ledgers.get(i));
            }
            // every event once: ttp processed each ledger once, and the events topic has no duplicate id
            await(() -> ttp.metric("quiver_ttp_last_ledger", null).orElse(0) >= last, Duration.ofSeconds(90), "ttp caught up");
            List<TokenTransferEventRow> events = EventTopicChecks.eventRows(bootstrap, p.events, allocator);
            TreeMap<String, TokenTransferEventRow> byId = EventTopicChecks.byId(events);
            assertEquals(events.size(), byId.size(), "no event twice");
            assertEquals(ledgers.size(), events.stream().mapToLong(TokenTransferEventRow::ledgerSequence).distinct().count(),
                    "events of every ledger");
            assertEquals(ledgers.size(), (long) ttp.metric("quiver_ttp_ledgers_total", null).orElse(-1), "each ledger processed once");
            // every round once
            int rounds = round;
            await(() -> roundCounts(bootstrap, p.aggregates).size() >= rounds, Duration.ofSeconds(60), "rounds");
            Map<String, Integer> counts = roundCounts(bootstrap, p.aggregates);
            for (int r = 0; r < rounds; r++) {
                assertEquals(1, counts.getOrDefault("g/" + r, 0), "round " + r + " exactly once: " + counts);
            }
        } finally {
            Pipelines.closeAll(services);
            broker.close();
        }
    }

    /** (group/round) -> aggregate records of it on the committed topic. */
    private static Map<String, Integer> roundCounts(String bootstrap, String topic) {
        Map<String, Integer> count = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(bootstrap, topic, Duration.ofSeconds(2))) {
            count.merge(new String(r.key()) + "/" + RecordHeaders.text(r.headers(), RecordHeaders.LLO_ROUND), 1, Integer::sum);
        }
        return count;
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void await(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not reached within " + timeout + ": " + what);
    }
}
