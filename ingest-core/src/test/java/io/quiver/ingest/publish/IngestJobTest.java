package io.quiver.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.RecordHeaders;
import io.quiver.ingest.IngestJob;
import io.quiver.ingest.read.LedgerTopicReader;
import io.quiver.ingest.source.CorruptObjectPolicy;
import io.quiver.ingest.source.LedgerRange;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.ingest.source.datalake.DataLakeConfig;
import io.quiver.ingest.source.datalake.DataLakeSource;
import io.quiver.ingest.source.datalake.LocalObjectStore;
import io.quiver.ingest.testing.IngestMain;
import io.quiver.ingest.testing.TestLakes;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.Topics;
import io.quiver.schema.StellarLedgerSchema;
import io.quiver.schema.rows.StellarLedgerRow;
import io.quiver.schema.rows.StellarLedgerVectors;
import io.quiver.stellar.NetworkIds;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.SharedLedgers;
import io.quiver.testing.TestKafka;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowAllocatorExtension.class)
class IngestJobTest {

    @TempDir
    Path dir;

    static KafkaClients kafka() {
        return KafkaClients.plaintext(TestKafka.broker().bootstrapServers());
    }

    /** Every committed StellarLedger row of {@code topic}, by sequence; a second copy of a ledger fails. */
    static TreeMap<Long, StellarLedgerRow> committedLedgers(String topic, BufferAllocator allocator, int[] records) throws Exception {
        TreeMap<Long, StellarLedgerRow> out = new TreeMap<>();
        ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readCommitted(topic, Duration.ofSeconds(3))) {
            records[0]++;
            try (DecodedBatch b = codec.decode(r.value(), r.headers(), StellarLedgerSchema.SCHEMA, allocator)) {
                for (VectorSchemaRoot root : b.batches()) {
                    StellarLedgerVectors v = new StellarLedgerVectors(root);
                    for (int i = 0; i < root.getRowCount(); i++) {
                        StellarLedgerRow row = v.get(i);
                        assertEquals(new String(r.key(), StandardCharsets.UTF_8),
                                RecordHeaders.text(r.headers(), RecordHeaders.LEDGER_FIRST), "key = first ledger");
                        StellarLedgerRow before = out.put(row.sequence(), row);
                        assertEquals(null, before, "ledger " + row.sequence() + " twice on " + topic);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void publishesExactlyTheLakesLedgersOnceAndResumesFromItsCheckpoint(BufferAllocator allocator) throws Exception {
        TestLakes.copyTestBucket(new LocalObjectStore(dir));
        String topic = TestKafka.freshTopic("ledgers", 6);
        String instance = "test-" + UUID.randomUUID();
        var settings = new IngestJob.Settings(instance, LedgerRange.bounded(997, 999), topic, 1 << 20, 2, kafka());
        List<Long> commits = new ArrayList<>();
        IngestJob job = new IngestJob(settings, ArrowKafkaCodec.defaults(), allocator, (l, x, b, next) -> commits.add(next));
        try (DataLakeSource lake = DataLakeSource.open(new LocalObjectStore(dir), DataLakeSource.Settings.defaults(), Optional.empty())) {
            IngestJob.Outcome first = job.run(lake);
            assertEquals(Optional.empty(), first.resumedFrom());
            assertEquals(1000, first.next());
            assertEquals(1000L, commits.get(commits.size() - 1));
            IngestJob.Outcome again = job.run(lake);
            assertTrue(again.nothingToDo(), "the checkpoint says the range is done: " + again);
        }
        int[] records = {0};
        TreeMap<Long, StellarLedgerRow> got = committedLedgers(topic, allocator, records);
        assertEquals(List.of(997L, 998L, 999L), new ArrayList<>(got.keySet()));
        List<SourcedLedger> expected = TestLakes.testBucketLedgers();
        byte[] testnet = NetworkIds.networkId(SharedLedgers.TESTNET);
        for (SourcedLedger l : expected) {
            StellarLedgerRow row = got.get(l.sequence());
            assertArrayEquals(l.xdr(), row.ledgerCloseMeta(), "meta byte for byte, ledger " + l.sequence());
            assertArrayEquals(testnet, row.networkId());
            assertEquals("datalake", row.source());
            assertEquals(20, row.protocolVersion());
            assertEquals(1, row.lcmVersion());
        }
        assertEquals(7, got.get(997L).txCount());
        assertEquals(3, got.get(997L).failedTxCount());
        assertEquals(3, got.get(999L).txCount());
        assertArrayEquals(got.get(997L).ledgerHash(), got.get(998L).previousLedgerHash(), "hash chain");

        // read back in order through the topic reader, as Flight and gRPC do
        List<Long> readBack = new ArrayList<>();
        long n = new LedgerTopicReader(kafka(), topic, ArrowKafkaCodec.defaults(), allocator)
                .read(998, OptionalLong.of(999), row -> readBack.add(row.sequence()));
        assertEquals(2, n);
        assertEquals(List.of(998L, 999L), readBack);
    }

    @Test
    void aSkippedObjectLeavesAGapRecordOnTheDeadLetterTopic(BufferAllocator allocator) throws Exception {
        TestLakes.copyTestBucket(new LocalObjectStore(dir));
        String bad = String.format("%08X--998.xdr.zstd", 0xFFFFFFFFL - 998);
        java.nio.file.Files.write(dir.resolve(bad), "not zstd".getBytes(StandardCharsets.UTF_8));
        String topic = TestKafka.freshTopic("ledgers", 3);
        TestKafka.broker().createTopics(1, Topics.deadLetterOf(topic));
        var settings = new IngestJob.Settings("gap-" + UUID.randomUUID(), LedgerRange.bounded(997, 999), topic, 1 << 20, 10, kafka());
        var skip = new DataLakeSource.Settings(2, Duration.ofMillis(100), CorruptObjectPolicy.SKIP, 1);
        try (DataLakeSource lake = DataLakeSource.open(new LocalObjectStore(dir), skip, Optional.empty())) {
            assertEquals(1000, new IngestJob(settings, ArrowKafkaCodec.defaults(), allocator, (l, x, b, n) -> { }).run(lake).next());
        }
        int[] records = {0};
        assertEquals(List.of(997L, 999L), new ArrayList<>(committedLedgers(topic, allocator, records).keySet()));
        var gaps = TestKafka.readAll(Topics.deadLetterOf(topic), 1, Duration.ofSeconds(20));
        assertEquals(1, gaps.size());
        String json = new String(gaps.get(0).value(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"firstLedger\":998") && json.contains(bad) && json.contains("not zstd data"), json);
    }

    @Test
    void killedMidRangeAndRestartedLeavesEveryLedgerOnce(BufferAllocator allocator) throws Exception {
        int count = 300;
        var config = new DataLakeConfig(SharedLedgers.TESTNET, 1, 100, "zstd");
        TestLakes.writeLake(new LocalObjectStore(dir), config, TestLakes.templates(), 2, count);
        String topic = TestKafka.freshTopic("ledgers", 6);
        String instance = "crash-" + UUID.randomUUID();
        // one ledger per transaction, so the kill lands between and inside transactions
        Process first = child(topic, instance, count, dir);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int committedBeforeKill = 0;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(first.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
                if (line.startsWith("committed") && ++committedBeforeKill == 40) {
                    break;
                }
            }
            first.destroyForcibly();
            first.waitFor();
        }
        assertEquals(40, committedBeforeKill, "the first run got going before the kill");
        int[] records = {0};
        int partial = committedLedgers(topic, allocator, records).size();
        assertTrue(partial >= 40 && partial < count, "killed mid-range: " + partial + " of " + count + " ledgers committed");

        Process second = child(topic, instance, count, dir);
        String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, second.waitFor(), output);
        assertTrue(output.contains("resumedFrom=Optional[" + (2 + partial) + "]"), output.lines().reduce((a, b) -> b).orElse(""));
        records[0] = 0;
        TreeMap<Long, StellarLedgerRow> all = committedLedgers(topic, allocator, records);
        assertEquals(count, all.size(), "every ledger of the range");
        assertEquals(2L, all.firstKey());
        assertEquals(2L + count - 1, all.lastKey());
        assertEquals(count, records[0], "one record per ledger, none twice");
    }

    private static Process child(String topic, String instance, int count, Path lake) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), IngestMain.class.getName(), TestKafka.broker().bootstrapServers(),
                lake.toString(), "2", Long.toString(2 + count - 1), topic, instance, "1");
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
