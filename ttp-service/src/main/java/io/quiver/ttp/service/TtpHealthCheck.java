package io.quiver.ttp.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready unless the pipeline stopped with an error. */
@Readiness
@ApplicationScoped
public class TtpHealthCheck implements HealthCheck {

    private final TtpRunner runner;

    public TtpHealthCheck(TtpRunner runner) {
        this.runner = runner;
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("ttp-pipeline").status(runner.failure() == null)
                .withData("running", runner.running());
        if (runner.failure() != null) {
            b.withData("error", runner.failure());
        }
        return b.build();
    }
}
