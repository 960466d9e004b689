package io.quiver.service.arrow;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.memory.ServiceAllocator;
import io.quiver.service.config.ArrowSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The shared codec and the service's bounded root allocator as CDI beans, so every service gets
 * them the same way. Stages ask {@link ServiceAllocator#stage} for their child allocator.
 */
@ApplicationScoped
public class ArrowBeans {

    @Produces
    @Singleton
    ArrowKafkaCodec codec(ArrowSettings settings) {
        return new ArrowKafkaCodec(settings.compression(), settings.maxRecordBytes());
    }

    /** Created at start-up (not on first use) so its gauges are exported from the first scrape. */
    @Produces
    @Singleton
    @Startup
    ServiceAllocator allocator(ArrowSettings settings, MeterRegistry registry,
                               @ConfigProperty(name = "quarkus.application.name", defaultValue = "quiver") String service) {
        ServiceAllocator allocator = ServiceAllocator.create(service, settings.memoryLimitBytes());
        allocator.bindTo(registry);
        return allocator;
    }

    void close(@Disposes ServiceAllocator allocator) {
        allocator.close();
    }
}
