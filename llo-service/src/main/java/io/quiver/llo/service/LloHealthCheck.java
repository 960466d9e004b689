package io.quiver.llo.service;

import io.quiver.service.health.StageHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The round loop's readiness: DOWN with the reason while it retries or after it stopped. */
@Readiness
@ApplicationScoped
public class LloHealthCheck implements HealthCheck {

    private final LloRoundService service;

    public LloHealthCheck(LloRoundService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        return StageHealth.of("llo-rounds", service.status()).withData("partitions", service.partitions()).build();
    }
}
