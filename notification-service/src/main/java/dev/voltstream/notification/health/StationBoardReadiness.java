package dev.voltstream.notification.health;

import dev.voltstream.notification.service.StationBoardRebuild;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** DOWN until the station board has been rebuilt from station-status at start-up (UP when the rebuild is disabled). */
@Readiness
@ApplicationScoped
public class StationBoardReadiness implements HealthCheck {
    private final StationBoardRebuild rebuild;

    StationBoardReadiness(StationBoardRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("station-board")
                .status(rebuild.ready())
                .withData("rebuild", rebuild.state().name().toLowerCase(Locale.ROOT))
                .withData("recordsRead", rebuild.recordsRead());
        String failure = rebuild.lastFailure();
        if (failure != null) {
            builder.withData("lastFailure", failure);
        }
        return builder.build();
    }
}
