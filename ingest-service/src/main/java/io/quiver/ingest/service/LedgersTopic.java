package io.quiver.ingest.service;

import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.KafkaClients;
import io.quiver.ingest.read.LedgerTopicReader;
import io.quiver.service.kafka.TopicReads;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The ledgers topic as gRPC and Flight read it: one offset index for both, so that after the
 * first request has read the topic, later ones seek to their range instead of scanning it; and
 * the gauge {@code quiver_ingest_open_reads} of the requests reading it now (live ones included).
 */
@ApplicationScoped
public class LedgersTopic {

    private final IngestSettings settings;
    private final ArrowKafkaCodec codec;
    private final KafkaClients kafka;
    private final TopicReads reads;

    public LedgersTopic(IngestSettings settings, ArrowKafkaCodec codec, KafkaClients kafka, MeterRegistry registry) {
        this.settings = settings;
        this.codec = codec;
        this.kafka = kafka;
        this.reads = new TopicReads(registry, "quiver.ingest.open.reads", "ledgers");
    }

    /**
     * Ledgers {@code start..end} (without an end: live) in sequence order, batches allocated from
     * {@code allocator}, until {@code stopped} (the client went away) or the sink says so.
     * Returns the ledgers sent.
     */
    public long read(BufferAllocator allocator, long start, OptionalLong end, BooleanSupplier stopped, LedgerTopicReader.Sink sink)
            throws Exception {
        return reads.counted(() -> new LedgerTopicReader(kafka, settings.topic(), codec, allocator,
                reads.index()).read(start, end, stopped, sink));
    }

    /** As {@link #read}, handing on rows of the decoded batches (Flight: no row objects). */
    public long readRows(BufferAllocator allocator, long start, OptionalLong end, BooleanSupplier stopped,
                         LedgerTopicReader.RowSink sink) throws Exception {
        return reads.counted(() -> new LedgerTopicReader(kafka, settings.topic(), codec, allocator, reads.index())
                .readRows(start, end, stopped, sink));
    }

    /** Requests reading the topic now. */
    public int openReads() {
        return reads.open();
    }
}
