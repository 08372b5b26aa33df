package dev.voltstream.notification.service;

import dev.voltstream.contracts.StationStatus;
import dev.voltstream.notification.domain.StationState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Reads the stations' current status. */
@ApplicationScoped
public class StationQueries {

    /** Every known station by id, or only those in the given status (null: all). */
    @Transactional
    public List<StationView> all(StationStatus status) {
        return StationState.all(status).stream().map(StationView::of).toList();
    }

    /** One station's current status. */
    @Transactional
    public Optional<StationView> find(String stationId) {
        return StationState.<StationState>findByIdOptional(stationId).map(StationView::of);
    }
}
