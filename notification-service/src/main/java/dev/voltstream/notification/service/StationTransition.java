package dev.voltstream.notification.service;

import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.notification.domain.StationState;

/**
 * What a station status event does to the stored station state: whether it is newer than what we know (an older
 * event arriving late must not overwrite the current status), and whether the station just became available.
 *
 * @param apply          store the event's status as the station's current status
 * @param becameAvailable the station is free now and was not before, as far as we know: notify its watchers
 */
public record StationTransition(boolean apply, boolean becameAvailable) {

    /** Decides for an event given the stored state (null when the station was never seen). */
    public static StationTransition of(StationState current, StationStatusChanged event) {
        boolean newer = current == null || !event.occurredAt().isBefore(current.changedAt);
        if (!newer) {
            return new StationTransition(false, false);
        }
        StationStatus before = current != null ? current.status : event.previous();
        boolean freed = event.status() == StationStatus.AVAILABLE && before != StationStatus.AVAILABLE;
        return new StationTransition(true, freed);
    }
}
