package io.quiver.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready unless the ingest run failed; the data says what it is doing or why it stopped. */
@Readiness
@ApplicationScoped
public class IngestHealthCheck implements HealthCheck {

    private final IngestRunner runner;

    public IngestHealthCheck(IngestRunner runner) {
        this.runner = runner;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("ingest")
                .status(runner.state() != IngestRunner.State.FAILED)
                .withData("state", runner.state().name().toLowerCase(java.util.Locale.ROOT))
                .withData("detail", runner.detail())
                .withData("next_ledger", runner.nextLedger())
                .build();
    }
}
