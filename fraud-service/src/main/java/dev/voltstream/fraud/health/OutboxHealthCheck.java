package dev.voltstream.fraud.health;

import dev.voltstream.fraud.config.FraudConfig;
import dev.voltstream.fraud.domain.OutboxEvent;
import dev.voltstream.fraud.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Ready while the outbox drains: DOWN when an event has waited longer than {@code fraud.outbox.max-pending-age}. */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {
    private final FraudConfig config;
    private final OutboxRelay relay;
    private final Clock clock;

    public OutboxHealthCheck(FraudConfig config, OutboxRelay relay, Clock clock) {
        this.config = config;
        this.relay = relay;
        this.clock = clock;
    }

    @Override
    @Transactional
    public HealthCheckResponse call() {
        Instant oldest = OutboxEvent.oldestPendingCreatedAt();
        Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now(clock));
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("fraud-outbox")
                .status(age.compareTo(config.outbox().maxPendingAge()) <= 0)
                .withData("pending", OutboxEvent.pendingCount())
                .withData("oldestPendingAgeMs", age.toMillis());
        String failure = relay.lastFailure();
        if (failure != null) {
            builder.withData("lastFailure", failure);
        }
        return builder.build();
    }
}
