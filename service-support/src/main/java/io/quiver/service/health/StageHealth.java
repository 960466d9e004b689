package io.quiver.service.health;

import java.util.Locale;

import io.quiver.service.stage.StageRunner;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** The one shape of a stage's readiness: UP while it runs (or is done, or off), DOWN with the reason otherwise. */
public final class StageHealth {

    private StageHealth() {
    }

    /** {@code name}'s response so far: status, {@code state}, {@code since}, {@code restarts}, and {@code reason} when there is one. */
    public static HealthCheckResponseBuilder of(String name, StageRunner.Status s) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(name).status(s.state().ready())
                .withData("state", s.state().name().toLowerCase(Locale.ROOT))
                .withData("since", s.since().toString())
                .withData("restarts", s.restarts());
        if (s.reason() != null) {
            b.withData("reason", s.reason());
        }
        return b;
    }
}
