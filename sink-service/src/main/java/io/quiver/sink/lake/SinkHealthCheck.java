package io.quiver.sink.lake;

import io.quiver.service.health.StageHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The lake sink's readiness: DOWN with the reason while it retries (a full disk, say) or after it stopped. */
@Readiness
@ApplicationScoped
public class SinkHealthCheck implements HealthCheck {

    private final LakeSinkService service;
    private final SinkSettings settings;

    public SinkHealthCheck(LakeSinkService service, SinkSettings settings) {
        this.service = service;
        this.settings = settings;
    }

    @Override
    public HealthCheckResponse call() {
        if (!settings.enabled()) {
            return HealthCheckResponse.named("lake-sink").up().withData("enabled", false).build();
        }
        return StageHealth.of("lake-sink", service.status()).withData("partitions", service.partitions())
                .withData("lag_records", service.lag()).build();
    }
}
