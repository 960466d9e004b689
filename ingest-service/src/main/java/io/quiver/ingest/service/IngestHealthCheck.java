package io.quiver.ingest.service;

import io.quiver.service.health.StageHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The ingest stage's readiness; the data says what it is doing or why it stopped. */
@Readiness
@ApplicationScoped
public class IngestHealthCheck implements HealthCheck {

    private final IngestRunner runner;

    public IngestHealthCheck(IngestRunner runner) {
        this.runner = runner;
    }

    @Override
    public HealthCheckResponse call() {
        return StageHealth.of("ingest", runner.status())
                .withData("detail", runner.detail())
                .withData("next_ledger", runner.nextLedger())
                .build();
    }
}
