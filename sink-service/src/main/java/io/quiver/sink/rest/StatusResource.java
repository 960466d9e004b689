package io.quiver.sink.rest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quiver.kafka.KafkaClients;
import io.quiver.service.stage.StageRunner;
import io.quiver.sink.lake.LakeSinkService;
import io.quiver.sink.live.LiveFeed;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.apache.kafka.clients.admin.Admin;
import io.quiver.lake.tail.LakeTail;
import io.quiver.sink.query.LakeTailService;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /v1/status}: what the dashboard shows of the pipeline: every consumer group on the
 * broker (every stage: ttp, llo, the lake sink) with its lag in records, the lake sink's own state,
 * the query tail's (rows not in a committed file yet that SQL answers include), and the live feed's clients.
 */
@Path("/v1/status")
@ApplicationScoped
public class StatusResource {

    private final KafkaClients kafka;
    private final LakeSinkService sink;
    private final LiveFeed live;
    private final LakeTailService tails;
    private Admin admin;

    public StatusResource(KafkaClients kafka, LakeSinkService sink, LiveFeed live, LakeTailService tails) {
        this.kafka = kafka;
        this.sink = sink;
        this.live = live;
        this.tails = tails;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = kafka.admin();
        }
        return admin;
    }

    @GET
    @Produces("application/json")
    @Operation(summary = "Consumer lag of every stage, the lake sink's and the query tail's state and the live feed's clients")
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        StageRunner.Status s = sink.status();
        Map<String, Object> lake = new LinkedHashMap<>();
        lake.put("state", s.state().toString());
        lake.put("reason", s.reason());
        lake.put("lag", sink.lag());
        lake.put("partitions", sink.partitions());
        out.put("lake_sink", lake);
        LakeTail tail = tails.tail();
        if (tail != null) {
            // what SQL answers hold beyond the committed files, and why they may be behind the topics
            LakeTail.Status t = tail.status();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reading", t.reading());
            m.put("paused", t.paused());
            m.put("problem", t.problem());
            m.put("files", t.files());
            m.put("rows", t.rows());
            m.put("bytes", t.bytes());
            m.put("pending_records", t.pendingRecords());
            m.put("positions", t.positions());
            out.put("lake_tail", m);
        }
        out.put("live_clients", live.clients());
        List<Map<String, Object>> groups = new ArrayList<>();
        String error = null;
        try {
            Admin a = admin();
            for (ConsumerGroupListing g : a.listConsumerGroups().all().get(5, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(g.groupId())
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
                committed.keySet().forEach(tp -> ask.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = ask.isEmpty() ? Map.of()
                        : a.listOffsets(ask).all().get(5, TimeUnit.SECONDS);
                long lag = 0;
                List<String> topics = new ArrayList<>();
                for (var e : committed.entrySet()) {
                    if (e.getValue() != null && ends.containsKey(e.getKey())) {
                        lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                    }
                    if (!topics.contains(e.getKey().topic())) {
                        topics.add(e.getKey().topic());
                    }
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("group", g.groupId());
                m.put("state", g.groupState().map(Object::toString).orElse("UNKNOWN"));
                m.put("topics", topics.stream().sorted().toList());
                m.put("lag", lag);
                groups.add(m);
            }
        } catch (Exception e) {
            error = StageRunner.oneLine(e);
        }
        groups.sort((x, y) -> ((String) x.get("group")).compareTo((String) y.get("group")));
        out.put("groups", groups);
        if (error != null) {
            out.put("groups_error", error);
        }
        return out;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
