package io.quiver.ttp.service;

import io.quiver.service.health.StageHealth;
import io.quiver.service.stage.StageState;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The pipeline's readiness, with the partitions it holds and whether it is caught up: an instance
 * holding no partition yet (a replacement waiting for the group) is running but not caught up.
 */
@Readiness
@ApplicationScoped
public class TtpHealthCheck implements HealthCheck {

    private final TtpRunner runner;

    public TtpHealthCheck(TtpRunner runner) {
        this.runner = runner;
    }

    @Override
    public HealthCheckResponse call() {
        int partitions = runner.partitions();
        long lag = runner.lag();
        var b = StageHealth.of("ttp-pipeline", runner.status())
                .withData("partitions", partitions)
                .withData("lag_records", lag)
                .withData("caught_up", partitions > 0 && lag == 0);
        if (partitions == 0 && runner.status().state() == StageState.RUNNING) {
            b.withData("detail", "waiting for the group to assign partitions");
        }
        return b.build();
    }
}
