package dev.voltstream.billing.health;

import dev.voltstream.billing.config.BillingConfig;
import dev.voltstream.billing.domain.OutboxEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the outbox relay: DOWN when more rows wait than the relay should ever fall behind by, which means
 * events are not reaching the broker.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {
    private final long maxBacklog;

    public OutboxHealthCheck(BillingConfig config) {
        this.maxBacklog = config.outbox().maxBacklog();
    }

    @Override
    public HealthCheckResponse call() {
        long backlog = QuarkusTransaction.requiringNew().call(OutboxEvent::backlog);
        return HealthCheckResponse.named("billing-outbox")
                .status(backlog <= maxBacklog)
                .withData("unpublished", backlog)
                .withData("maxBacklog", maxBacklog)
                .build();
    }
}
