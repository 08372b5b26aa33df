package dev.voltstream.notification.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voltstream.notification.config.StationBoardConfig;
import dev.voltstream.notification.service.StationBoardRebuild;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import java.util.Map;

/** The readiness check follows the rebuild: DOWN until it has finished, UP when it is disabled. */
class StationBoardReadinessTest {

    @Test
    void downUntilTheRebuildHasFinished() {
        HealthCheckResponse response = new StationBoardReadiness(rebuild(true)).call();

        assertThat(response.getName()).isEqualTo("station-board");
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).get().extracting(data -> data.get("rebuild")).isEqualTo("running");
    }

    @Test
    void upWhenTheRebuildIsDisabled() {
        HealthCheckResponse response = new StationBoardReadiness(rebuild(false)).call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData()).get().extracting(data -> data.get("rebuild")).isEqualTo("disabled");
    }

    /** A rebuild that is never started (no broker, no database needed). */
    private static StationBoardRebuild rebuild(boolean enabled) {
        StationBoardConfig config = new StationBoardConfig() {
            @Override
            public boolean rebuild() {
                return enabled;
            }

            @Override
            public int batchSize() {
                return 500;
            }
        };
        return new StationBoardRebuild(config, Map.of("bootstrap.servers", "localhost:9092"), null, null);
    }
}
