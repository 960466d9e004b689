package io.quiver.llo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.quarkus.test.junit.QuarkusTest;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.EncodedRecord;
import io.quiver.codec.RecordHeaders;
import io.quiver.kafka.DeadLetterPublisher;
import io.quiver.kafka.Topics;
import io.quiver.llo.aggregate.Aggregator;
import io.quiver.llo.arrow.ObservationMerger;
import io.quiver.llo.arrow.StreamAggregatesWriter;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.round.RoundInput;
import io.quiver.llo.round.RoundOutcome;
import io.quiver.llo.round.RowOutcomeCalculator;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.QuoteValue;
import io.quiver.llo.value.StreamValue;
import io.quiver.schema.LloSchemas;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Observations in, aggregates out, through the real (in-process) broker and the running service. */
@QuarkusTest
class LloRoundServiceTest {

    private static LloDecimal dec(String s) {
        return LloDecimal.parse(s);
    }

    private static NodeObservation node(int id, String s1, String s2, String bid, String bench, String ask) {
        Map<Long, StreamValue> v = new LinkedHashMap<>();
        v.put(1L, new DecimalValue(dec(s1)));
        v.put(2L, new DecimalValue(dec(s2)));
        v.put(3L, new QuoteValue(dec(bid), dec(bench), dec(ask)));
        return new NodeObservation(id, 1_700_000_000_000_000_000L + id * 1000L, v);
    }

    @Test
    void aRoundOfFourNodesBecomesOneStreamAggregatesRecordEqualToTheReference() throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        List<NodeObservation> nodes = List.of(
                node(0, "1.1", "1.1", "9.99", "10.0", "10.14"),
                node(1, "4.4", "1.1", "9.88", "10.12", "10.13"),
                node(2, "2.2", "2.2", "1.1", "9.98", "10"),
                node(3, "3.3", "2.2", "10.01", "10.03", "10.10"));
        ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
        Properties pp = new Properties();
        pp.put("bootstrap.servers", bootstrap);
        try (BufferAllocator allocator = new RootAllocator();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            // a poison record first: the service must dead-letter it and go on
            producer.send(new ProducerRecord<>(Topics.LLO_OBSERVATIONS, "group-a".getBytes(), "not arrow".getBytes())).get();
            for (NodeObservation n : nodes) {
                try (VectorSchemaRoot root = new ObservationMerger().merge(List.of(n), allocator)) {
                    EncodedRecord r = codec.encode(root, BatchLabel.round(7)).get(0);
                    producer.send(new ProducerRecord<>(Topics.LLO_OBSERVATIONS, null, "group-a".getBytes(), r.value(), r.headers())).get();
                }
            }

            List<ChannelDefinition> channels = List.of(
                    new ChannelDefinition(1, "json", List.of(new StreamRef(1, Aggregator.MEDIAN), new StreamRef(2, Aggregator.MODE)), false),
                    new ChannelDefinition(2, "json", List.of(new StreamRef(3, Aggregator.QUOTE)), false));
            RoundOutcome expected = new RowOutcomeCalculator().compute(new RoundInput(1, channels, Map.of(), nodes));

            ConsumerRecord<byte[], byte[]> out = readOne(bootstrap, Topics.LLO_AGGREGATES);
            assertEquals("group-a", new String(out.key(), StandardCharsets.UTF_8));
            assertEquals("7", RecordHeaders.text(out.headers(), RecordHeaders.LLO_ROUND));
            assertEquals(Long.toString(expected.observationTimestampNanos()),
                    RecordHeaders.text(out.headers(), io.quiver.llo.pipeline.RoundRecords.OBSERVATION_TIMESTAMP_HEADER));
            try (DecodedBatch batch = codec.decode(out.value(), out.headers(), LloSchemas.STREAM_AGGREGATES, allocator)) {
                assertEquals(expected.aggregates(), StreamAggregatesWriter.read(batch.batches().get(0)));
            }
            // the reference's examples: mode of 1.1, 1.1, 2.2, 2.2 and the quote example
            assertEquals(new DecimalValue(dec("3.3")), expected.aggregates().get(new StreamRef(1, Aggregator.MEDIAN)));
            assertEquals(new DecimalValue(dec("1.1")), expected.aggregates().get(new StreamRef(2, Aggregator.MODE)));
            assertEquals(new QuoteValue(dec("9.99"), dec("10.03"), dec("10.13")), expected.aggregates().get(new StreamRef(3, Aggregator.QUOTE)));
            assertEquals(3, expected.aggregates().size());

            ConsumerRecord<byte[], byte[]> dead = readOne(bootstrap, Topics.deadLetterOf(Topics.LLO_OBSERVATIONS));
            assertTrue(RecordHeaders.text(dead.headers(), DeadLetterPublisher.REASON).contains(": not an Arrow IPC stream"));

            // round 8, one second later: channels seen in round 7 now report the span since it
            for (NodeObservation n : nodes) {
                NodeObservation later = new NodeObservation(n.observer(), n.timestampNanos() + 1_000_000_000L, n.streamValues());
                try (VectorSchemaRoot root = new ObservationMerger().merge(List.of(later), allocator)) {
                    EncodedRecord r = codec.encode(root, BatchLabel.round(8)).get(0);
                    producer.send(new ProducerRecord<>(Topics.LLO_OBSERVATIONS, null, "group-a".getBytes(), r.value(), r.headers())).get();
                }
            }
            ConsumerRecord<byte[], byte[]> reports = readOne(bootstrap, Topics.LLO_REPORTS);
            assertEquals("8", RecordHeaders.text(reports.headers(), RecordHeaders.LLO_ROUND));
            try (DecodedBatch batch = codec.decode(reports.value(), reports.headers(), LloSchemas.TRANSMISSION, allocator)) {
                VectorSchemaRoot t = batch.batches().get(0);
                assertEquals(2, t.getRowCount(), "channels 1 and 2 are json and live; 3 is tombstoned");
                String report = new String(((org.apache.arrow.vector.LargeVarBinaryVector) t.getVector("report_data")).get(0),
                        StandardCharsets.UTF_8);
                assertTrue(report.contains("\"SeqNr\":8,\"ChannelID\":1,\"ValidAfterNanoseconds\":" + expected.observationTimestampNanos()),
                        report);
                assertTrue(report.contains("{\"t\":0,\"v\":\"3.3\"},{\"t\":0,\"v\":\"1.1\"}"), report);
            }
        }
    }

    @Test
    void observationsInLlosProtobufFormatAreAggregatedToo() throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        List<NodeObservation> nodes = List.of(
                node(0, "1.1", "7", "1", "2", "3"), node(1, "6.6", "7", "1", "2", "3"),
                node(2, "5.5", "9", "1", "2", "3"), node(3, "2.2", "9", "1", "2", "3"));
        Properties pp = new Properties();
        pp.put("bootstrap.servers", bootstrap);
        try (BufferAllocator allocator = new RootAllocator();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (NodeObservation n : nodes) {
                ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(Topics.LLO_OBSERVATIONS, "group-proto".getBytes(),
                        io.quiver.llo.wire.LloObservationProto.encode(n));
                rec.headers().add(RecordHeaders.CONTENT_TYPE, io.quiver.llo.pipeline.ObservationRecords.CONTENT_TYPE_PROTOBUF.getBytes());
                rec.headers().add(RecordHeaders.LLO_ROUND, "42".getBytes());
                rec.headers().add(io.quiver.llo.pipeline.ObservationRecords.OBSERVER_HEADER, Integer.toString(n.observer()).getBytes());
                producer.send(rec).get();
            }
            ConsumerRecord<byte[], byte[]> out = readWhere(bootstrap, Topics.LLO_AGGREGATES,
                    r -> "group-proto".equals(new String(r.key(), StandardCharsets.UTF_8)));
            try (DecodedBatch batch = ArrowKafkaCodec.defaults().decode(out.value(), out.headers(), LloSchemas.STREAM_AGGREGATES, allocator)) {
                var values = StreamAggregatesWriter.read(batch.batches().get(0));
                assertEquals(new DecimalValue(dec("5.5")), values.get(new StreamRef(1, Aggregator.MEDIAN)), "upper median of 1.1 2.2 5.5 6.6");
                assertEquals(3, values.size(), "median, mode and quote");
                assertEquals(new DecimalValue(dec("7")), values.get(new StreamRef(2, Aggregator.MODE)), "a 2-2 tie goes to the lowest bytes: 7");
            }
        }
    }

    private static ConsumerRecord<byte[], byte[]> readWhere(String bootstrap, String topic,
                                                             java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> wanted) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "test-" + topic + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (wanted.test(r)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no matching record arrived on " + topic);
    }

    private static ConsumerRecord<byte[], byte[]> readOne(String bootstrap, String topic) {
        return readWhere(bootstrap, topic, r -> true);
    }

}
