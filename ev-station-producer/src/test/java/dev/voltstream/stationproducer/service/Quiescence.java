package dev.voltstream.stationproducer.service;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** For Quarkus tests sharing one application: stop the simulation and wait until nothing more is being sent. */
public final class Quiescence {
    private Quiescence() {
    }

    public static void stopAndSettle(Simulation simulation) {
        simulation.stop();
        long[] last = {-1};
        // settled = two polls 200 ms apart saw the same count and nothing in flight
        await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> {
            SimulationStatus status = simulation.status();
            boolean settled = status.sent() == last[0] && status.inFlight() == 0;
            last[0] = status.sent();
            return settled;
        });
        simulation.scale(100);
    }
}
