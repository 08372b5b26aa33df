package dev.voltstream.notification.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.notification.domain.StationState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StationTransitionTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static StationState stored(StationStatus status, Instant at) {
        StationState s = new StationState();
        s.stationId = "st-001";
        s.status = status;
        s.changedAt = at;
        return s;
    }

    private static StationStatusChanged event(StationStatus status, StationStatus previous, Instant at) {
        return new StationStatusChanged("e", "st-001", status, previous, null, at);
    }

    @Test
    void unknownStationBecomingAvailableFromOccupiedIsFreed() {
        StationTransition t = StationTransition.of(null,
                event(StationStatus.AVAILABLE, StationStatus.OCCUPIED, T0));

        assertThat(t).isEqualTo(new StationTransition(true, true));
    }

    @Test
    void unknownStationAlreadyAvailableBeforeIsNotFreed() {
        assertThat(StationTransition.of(null, event(StationStatus.AVAILABLE, StationStatus.AVAILABLE, T0)))
                .isEqualTo(new StationTransition(true, false));
    }

    @Test
    void firstSightingWithoutPreviousCountsAsFreed() {
        assertThat(StationTransition.of(null, event(StationStatus.AVAILABLE, null, T0)).becameAvailable()).isTrue();
    }

    @Test
    void storedStatusWinsOverTheEventsPrevious() {
        // we knew it was occupied; the event claims it was available before (we missed an event): still news
        StationTransition t = StationTransition.of(stored(StationStatus.OCCUPIED, T0),
                event(StationStatus.AVAILABLE, StationStatus.AVAILABLE, T0.plusSeconds(5)));

        assertThat(t).isEqualTo(new StationTransition(true, true));
    }

    @Test
    void availableAgainIsNotNews() {
        assertThat(StationTransition.of(stored(StationStatus.AVAILABLE, T0),
                event(StationStatus.AVAILABLE, StationStatus.OCCUPIED, T0.plusSeconds(5))))
                .isEqualTo(new StationTransition(true, false));
    }

    @Test
    void olderEventArrivingLateChangesNothing() {
        assertThat(StationTransition.of(stored(StationStatus.OCCUPIED, T0),
                event(StationStatus.AVAILABLE, StationStatus.OUT_OF_SERVICE, T0.minusSeconds(1))))
                .isEqualTo(new StationTransition(false, false));
    }

    @Test
    void becomingOccupiedIsAppliedWithoutNotification() {
        assertThat(StationTransition.of(stored(StationStatus.AVAILABLE, T0),
                event(StationStatus.OCCUPIED, StationStatus.AVAILABLE, T0)))
                .isEqualTo(new StationTransition(true, false));
    }
}
