package io.quiver.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.EncodedRecord;
import io.quiver.llo.arrow.ObservationMerger;
import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.value.DecimalValue;
import io.quiver.llo.value.LloDecimal;
import io.quiver.llo.value.StreamValue;
import io.quiver.service.testing.PackagedService;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The three stages' packaged services wired to one set of fresh topics, with the settings a test adds. */
final class Pipelines {

    final String ledgers = "sys.ledgers." + UUID.randomUUID().toString().substring(0, 8);
    final String events = "sys.events." + UUID.randomUUID().toString().substring(0, 8);
    final String contract = "sys.contract." + UUID.randomUUID().toString().substring(0, 8);
    final String proto = "sys.proto." + UUID.randomUUID().toString().substring(0, 8);
    final String transactions = "sys.tx." + UUID.randomUUID().toString().substring(0, 8);
    final String operations = "sys.op." + UUID.randomUUID().toString().substring(0, 8);
    final String invocations = "sys.inv." + UUID.randomUUID().toString().substring(0, 8);
    final String observations = "sys.obs." + UUID.randomUUID().toString().substring(0, 8);
    final String aggregates = "sys.agg." + UUID.randomUUID().toString().substring(0, 8);
    final String reports = "sys.rep." + UUID.randomUUID().toString().substring(0, 8);
    final String ingestInstance = "sys-" + UUID.randomUUID().toString().substring(0, 8);

    /**
     * A sink-service that writes one table, {@code token_transfer_events} from {@code topic}, to
     * {@code lake} in group {@code group}, with no Flight or live port of its own; the test adds the rest.
     */
    static Map<String, String> eventsSink(String bootstrap, String topic, Path lake, String group) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap.servers", bootstrap);
        s.put("quiver.topics.ensure", topic);
        s.put("quiver.sink.lake", lake.toString());
        s.put("quiver.sink.flight.port", "0");
        s.put("quiver.sink.live.port", "0");
        s.put("quiver.sink.tables", "token_transfer_events");
        s.put("quiver.sink.table.token_transfer_events.topic", topic);
        s.put("quiver.sink.group-id", group);
        return s;
    }

    Map<String, String> ingest(Map<String, String> kafka, Map<String, String> source) {
        Map<String, String> s = new LinkedHashMap<>(kafka);
        s.put("quiver.topics.ensure", ledgers);
        s.put("quiver.ingest.topic", ledgers);
        s.put("quiver.ingest.instance-id", ingestInstance);
        s.put("quiver.ingest.flight.enabled", "false");
        s.put("quiver.ingest.grpc.enabled", "false");
        s.putAll(source);
        return s;
    }

    Map<String, String> ttp(Map<String, String> kafka) {
        Map<String, String> s = new LinkedHashMap<>(kafka);
        s.put("quiver.topics.ensure", String.join(",", ledgers, events, contract, proto, transactions, operations, invocations));
        s.put("quiver.ttp.tables.transactions-topic", transactions);
        s.put("quiver.ttp.tables.operations-topic", operations);
        s.put("quiver.ttp.tables.invocations-topic", invocations);
        s.put("quiver.ttp.input-topic", ledgers);
        s.put("quiver.ttp.events-topic", events);
        s.put("quiver.ttp.contract-topic", contract);
        s.put("quiver.ttp.proto-topic", proto);
        s.put("quiver.ttp.group-id", "sys-ttp-" + ledgers);
        s.put("quiver.ttp.session-timeout", "6s");
        s.put("quiver.ttp.flight.enabled", "false");
        s.put("quiver.ttp.grpc.enabled", "false");
        return s;
    }

    Map<String, String> llo(Map<String, String> kafka, Path dir) throws IOException {
        Path channels = dir.resolve("channels.json");
        Files.writeString(channels, "{\"1\": {\"reportFormat\": \"json\", \"streams\": [{\"streamId\": 1, \"aggregator\": \"median\"}],"
                + " \"tombstone\": false}}");
        Map<String, String> s = new LinkedHashMap<>(kafka);
        s.put("quiver.topics.ensure", String.join(",", observations, aggregates, reports));
        s.put("quiver.llo.input-topic", observations);
        s.put("quiver.llo.aggregates-topic", aggregates);
        s.put("quiver.llo.reports-topic", reports);
        s.put("quiver.llo.group-id", "sys-llo-" + observations);
        s.put("quiver.llo.session-timeout", "6s");
        s.put("quiver.llo.round-timeout", "1s");
        s.put("quiver.llo.channels-file", channels.toString());
        return s;
    }

    /** Node {@code node}'s observation of {@code round} for channel group {@code group}: stream 1 = round.node. */
    void observe(Producer<byte[], byte[]> p, BufferAllocator allocator, String group, long round, int node) throws Exception {
        Map<Long, StreamValue> v = new LinkedHashMap<>();
        v.put(1L, new DecimalValue(LloDecimal.parse(round + "." + node)));
        NodeObservation n = new NodeObservation(node, 1_700_000_000_000_000_000L + round * 100_000_000L + node, v);
        try (VectorSchemaRoot root = new ObservationMerger().merge(List.of(n), allocator)) {
            EncodedRecord r = ArrowKafkaCodec.defaults().encode(root, BatchLabel.round(round)).get(0);
            p.send(new ProducerRecord<>(observations, null, group.getBytes(), r.value(), r.headers())).get();
        }
    }

    static void closeAll(List<PackagedService> services) throws InterruptedException {
        for (PackagedService s : services) {
            s.close();
        }
    }
}
