package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.SessionProgress;
import dev.voltstream.contracts.SessionStarted;
import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.StationTelemetry;
import dev.voltstream.stationproducer.domain.Account;
import dev.voltstream.stationproducer.domain.Fleet;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One step of a station's life, as the events it emits (always at least one):
 * <ul>
 *   <li>AVAILABLE: a driver plugs in (OCCUPIED + SessionStarted), the station fails (OUT_OF_SERVICE), or idle
 *       telemetry;</li>
 *   <li>OCCUPIED: SessionProgress + telemetry until the session's energy is delivered, then SessionCompleted (with
 *       idle minutes) + AVAILABLE;</li>
 *   <li>OUT_OF_SERVICE: repaired (AVAILABLE) or idle telemetry.</li>
 * </ul>
 */
final class StationActivity {
    private static final double FAILURE_CHANCE = 0.02;
    private static final double PLUG_IN_CHANCE = 0.5;
    private static final double REPAIR_CHANCE = 0.3;

    private final Fleet fleet;
    private final EventIds ids;

    StationActivity(Fleet fleet, EventIds ids) {
        this.fleet = fleet;
        this.ids = ids;
    }

    List<Event> step(StationState state, SplittableRandom random, Instant now) {
        return switch (state.status) {
            case AVAILABLE -> available(state, random, now);
            case OCCUPIED -> occupied(state, random, now);
            case OUT_OF_SERVICE -> random.nextDouble() < REPAIR_CHANCE
                    ? List.of(changeStatus(state, StationStatus.AVAILABLE, now))
                    : List.of(telemetry(state, 0, random, now));
        };
    }

    private List<Event> available(StationState state, SplittableRandom random, Instant now) {
        double pick = random.nextDouble();
        List<Account> drivers = fleet.accountsAt(state.station);
        if (pick < FAILURE_CHANCE) {
            return List.of(changeStatus(state, StationStatus.OUT_OF_SERVICE, now));
        }
        if (pick < PLUG_IN_CHANCE && !drivers.isEmpty()) {
            Account driver = drivers.get(random.nextInt(drivers.size()));
            double targetKwh = round3(5 + random.nextDouble() * 55);
            state.session = new ChargingSession(ids.sessionId(), driver, now, targetKwh, 2 + random.nextInt(5));
            StationStatusChanged occupied = changeStatus(state, StationStatus.OCCUPIED, now);
            return List.of(occupied, new SessionStarted(ids.eventId(), state.session.id, state.station.id(),
                    driver.id(), now));
        }
        return List.of(telemetry(state, 0, random, now));
    }

    private List<Event> occupied(StationState state, SplittableRandom random, Instant now) {
        ChargingSession session = state.session;
        if (!session.charged()) {
            double before = session.energyKwh;
            double energy = round3(session.deliverStep());
            state.meterKwh += energy - before;
            double powerKw = round3(state.station.maxPowerKw() * (0.7 + random.nextDouble() * 0.3));
            return List.of(
                    new SessionProgress(ids.eventId(), session.id, state.station.id(), session.account.id(), energy,
                            powerKw, now),
                    telemetry(state, powerKw, random, now));
        }
        // Most drivers leave at once; the others stay plugged in for a while and pay the idle fee.
        int idleMinutes = random.nextDouble() < 0.6 ? 0 : 1 + random.nextInt(45);
        SessionCompleted completed = new SessionCompleted(ids.eventId(), session.id, state.station.id(),
                session.account.id(), round3(session.energyKwh), idleMinutes, session.startedAt, now);
        state.session = null;
        return List.of(completed, changeStatus(state, StationStatus.AVAILABLE, now));
    }

    private StationStatusChanged changeStatus(StationState state, StationStatus next, Instant now) {
        StationStatus previous = state.status;
        state.status = next;
        return new StationStatusChanged(ids.eventId(), state.station.id(), next, previous, state.station.location(),
                now);
    }

    private StationTelemetry telemetry(StationState state, double powerKw, SplittableRandom random, Instant now) {
        // Chargers warm up with the power they deliver.
        double temperature = round3(18 + random.nextDouble() * 6 + powerKw / 10);
        return new StationTelemetry(ids.eventId(), state.station.id(), powerKw, round3(state.meterKwh), temperature,
                now);
    }

    static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
