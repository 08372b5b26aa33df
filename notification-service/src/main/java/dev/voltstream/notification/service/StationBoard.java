package dev.voltstream.notification.service;

import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.notification.domain.StationState;
import dev.voltstream.notification.domain.StationWatch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The stored state and the watchers of the stations one batch talks about, loaded with one query each and updated in
 * memory event by event, so two events of one station in a batch see each other exactly as if applied one by one.
 * New stations are persisted, known ones are managed entities (Hibernate writes their changes at commit).
 */
final class StationBoard {
    private final Map<String, StationState> states;
    private final Map<String, List<String>> watchers;

    private StationBoard(Map<String, StationState> states, Map<String, List<String>> watchers) {
        this.states = states;
        this.watchers = watchers;
    }

    /** Loads the stations (and their watchers) of the given ids; must run inside the batch's transaction. */
    static StationBoard load(Collection<String> stationIds) {
        return new StationBoard(StationState.byIds(stationIds), StationWatch.watchersOf(stationIds));
    }

    /** What one event did to its station. */
    record Change(StationView station, List<String> watchersToNotify) {
    }

    /**
     * Applies the event unless it is older than the stored status; null when it was ignored. {@code watchersToNotify} holds the
     * station's watchers when it just became available, else nothing.
     */
    Change apply(StationStatusChanged event) {
        StationState current = states.get(event.stationId());
        StationTransition transition = StationTransition.of(current, event);
        if (!transition.apply()) {
            return null;
        }
        StationStatus before = current != null ? current.status : event.previous();
        StationState state = current != null ? current : new StationState();
        state.stationId = event.stationId();
        state.previous = before;
        state.status = event.status();
        if (event.location() != null) {
            state.lat = event.location().lat();
            state.lon = event.location().lon();
        }
        state.lastEventId = event.eventId();
        state.changedAt = event.occurredAt();
        if (current == null) {
            state.persist();
            states.put(state.stationId, state);
        }
        List<String> notify = transition.becameAvailable()
                ? watchers.getOrDefault(event.stationId(), List.of())
                : List.of();
        return new Change(StationView.of(state), notify);
    }
}
