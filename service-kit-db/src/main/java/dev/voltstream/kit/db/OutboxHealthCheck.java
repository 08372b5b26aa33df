package dev.voltstream.kit.db;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;

/**
 * Ready while the outbox drains: DOWN when an event has waited longer than {@code voltstream.outbox.max-pending-age}
 * (events are not reaching the broker). Reports the backlog and the relay's last failure.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "voltstream.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxHealthCheck implements HealthCheck {
    private final OutboxConfig config;
    private final OutboxRelay relay;
    private final Outbox outbox;

    public OutboxHealthCheck(OutboxConfig config, OutboxRelay relay, Outbox outbox) {
        this.config = config;
        this.relay = relay;
        this.outbox = outbox;
    }

    @Override
    public HealthCheckResponse call() {
        OutboxTable.Pending pending = outbox.pending();
        Duration age = pending.oldestCreatedAt() == null ? Duration.ZERO
                : Duration.between(pending.oldestCreatedAt(), Instant.now());
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("outbox")
                .status(age.compareTo(config.maxPendingAge()) <= 0)
                .withData("pending", pending.count())
                .withData("oldestPendingAgeMs", age.toMillis());
        String failure = relay.lastFailure();
        if (failure != null) {
            builder.withData("lastFailure", failure);
        }
        return builder.build();
    }
}
