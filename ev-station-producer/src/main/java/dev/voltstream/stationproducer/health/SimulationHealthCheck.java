package dev.voltstream.stationproducer.health;

import dev.voltstream.stationproducer.service.Simulation;
import dev.voltstream.stationproducer.service.SimulationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the simulation: down while so many events wait for the broker that ticks drop events (the broker is
 * slow or gone); a stopped simulation is still ready, REST injection and scenarios work. Reports running, rate, counts.
 */
@Readiness
@ApplicationScoped
public class SimulationHealthCheck implements HealthCheck {
    @Inject
    Simulation simulation;

    @Override
    public HealthCheckResponse call() {
        SimulationStatus status = simulation.status();
        return HealthCheckResponse.named("simulation")
                .status(status.inFlight() < Simulation.MAX_IN_FLIGHT)
                .withData("running", status.running())
                .withData("eventsPerSecond", String.valueOf(status.eventsPerSecond()))
                .withData("acked", status.acked())
                .withData("failed", status.failed())
                .withData("inFlight", status.inFlight())
                .build();
    }
}
