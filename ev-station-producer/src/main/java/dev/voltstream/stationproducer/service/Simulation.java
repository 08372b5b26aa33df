package dev.voltstream.stationproducer.service;

import dev.voltstream.stationproducer.config.SimulatorConfig;
import dev.voltstream.stationproducer.domain.Fleet;
import dev.voltstream.stationproducer.messaging.EventPublisher;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Runs the simulation: every tick it asks the {@link RateBudget} how many events are due and publishes that many from
 * the {@link SimulationEngine}. Start, stop and rate changes take effect at the next tick. When too many events are
 * still waiting for the broker the rest of a tick's budget is dropped (counted), so a slow broker slows nothing else.
 */
@ApplicationScoped
public class Simulation {
    private static final Logger LOG = Logger.getLogger(Simulation.class);
    /** Unacknowledged events beyond which a tick stops publishing. */
    public static final long MAX_IN_FLIGHT = 10_000;

    @Inject
    SimulatorConfig config;
    @Inject
    SimulationEngine engine;
    @Inject
    Fleet fleet;
    @Inject
    EventIds ids;
    @Inject
    EventPublisher publisher;
    @Inject
    EmissionCounters counters;
    @Inject
    Clock clock;

    private RateBudget budget;
    private volatile boolean running;

    @PostConstruct
    void init() {
        budget = new RateBudget(config.eventsPerSecond());
    }

    void onStart(@Observes StartupEvent startup) {
        LOG.infof("fleet of %d stations and %d accounts (seed %d, run %s)", fleet.stations().size(),
                fleet.accounts().size(), config.seed(), ids.runId());
        if (config.autostart()) {
            start();
        }
    }

    public synchronized SimulationStatus start() {
        if (!running) {
            budget.restart();
            running = true;
            LOG.infof("simulation started at %.1f events/s", budget.rate());
        }
        return status();
    }

    public synchronized SimulationStatus stop() {
        if (running) {
            running = false;
            LOG.info("simulation stopped");
        }
        return status();
    }

    /** Sets the rate in events per second (all types together). */
    public SimulationStatus scale(double eventsPerSecond) {
        budget.rate(eventsPerSecond);
        LOG.infof("simulation rate set to %.1f events/s", eventsPerSecond);
        return status();
    }

    public SimulationStatus status() {
        return new SimulationStatus(running, budget.rate(), config.seed(), ids.runId(), fleet.stations().size(),
                fleet.accounts().size(), counters.ackedByType(), counters.totalSent(), counters.totalAcked(),
                counters.totalFailed(), counters.totalDropped(), counters.inFlight());
    }

    @Scheduled(every = "${simulator.tick:100ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!running) {
            return;
        }
        Instant now = clock.instant();
        int due = budget.take(now);
        // Re-checking running lets a stop take effect within the tick, not after up to a second's worth of events.
        for (int i = 0; i < due && running; i++) {
            if (counters.inFlight() >= MAX_IN_FLIGHT) {
                counters.dropped(due - i);
                return;
            }
            publisher.publish(engine.next(now));
        }
    }
}
