package io.quiver.ttp.service;

import java.util.Map;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.LedgerOffsetIndex;
import io.quiver.ttp.pipeline.EventTopicReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.arrow.memory.BufferAllocator;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The events topic as gRPC and Flight read it: one offset index for both, so that after the
 * first request has read the topic, later ones seek to their range instead of scanning it.
 */
@ApplicationScoped
public class EventsTopic {

    private final TtpSettings settings;
    private final ArrowKafkaCodec codec;
    private final String bootstrap;
    private final LedgerOffsetIndex index = new LedgerOffsetIndex();

    public EventsTopic(TtpSettings settings, ArrowKafkaCodec codec,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.settings = settings;
        this.codec = codec;
        this.bootstrap = bootstrap;
    }

    /** A reader whose batches are allocated from {@code allocator}. */
    public EventTopicReader reader(BufferAllocator allocator) {
        return new EventTopicReader(Map.of("bootstrap.servers", bootstrap), settings.eventsTopic(), codec, allocator, index);
    }
}
