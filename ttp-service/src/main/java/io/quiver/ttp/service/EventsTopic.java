package io.quiver.ttp.service;

import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.KafkaClients;
import io.quiver.service.kafka.TopicReads;
import io.quiver.ttp.pipeline.EventFilter;
import io.quiver.ttp.pipeline.EventTopicReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The events topic as gRPC and Flight read it: one offset index for both, so that after the
 * first request has read the topic, later ones seek to their range instead of scanning it; and
 * the gauge {@code quiver_ttp_open_reads} of the requests reading it now (live ones included).
 */
@ApplicationScoped
public class EventsTopic {

    private final TtpSettings settings;
    private final ArrowKafkaCodec codec;
    private final KafkaClients kafka;
    private final TopicReads reads;

    public EventsTopic(TtpSettings settings, ArrowKafkaCodec codec, KafkaClients kafka, MeterRegistry registry) {
        this.settings = settings;
        this.codec = codec;
        this.kafka = kafka;
        this.reads = new TopicReads(registry, "quiver.ttp.open.reads", "events");
    }

    /**
     * The events of ledgers {@code start..end} (without an end: live) that pass {@code filter},
     * in ledger order, batches allocated from {@code allocator}, until {@code stopped} (the client
     * went away) or the sink says so. Returns the events sent.
     */
    public long read(BufferAllocator allocator, long start, OptionalLong end, EventFilter filter, BooleanSupplier stopped,
                     EventTopicReader.Sink sink) throws Exception {
        return reads.counted(() -> new EventTopicReader(kafka, settings.eventsTopic(), codec,
                allocator, reads.index()).read(start, end, filter, stopped, sink));
    }

    /** As {@link #read}, handing on rows of the decoded batches, filtered on their columns (Flight: no row objects). */
    public long readRows(BufferAllocator allocator, long start, OptionalLong end, EventFilter filter, BooleanSupplier stopped,
                         EventTopicReader.RowSink sink) throws Exception {
        return reads.counted(() -> new EventTopicReader(kafka, settings.eventsTopic(), codec, allocator, reads.index())
                .readRows(start, end, filter, stopped, sink));
    }

    /** Requests reading the topic now. */
    public int openReads() {
        return reads.open();
    }
}
