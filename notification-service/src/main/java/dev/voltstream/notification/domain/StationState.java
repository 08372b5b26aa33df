package dev.voltstream.notification.domain;

import dev.voltstream.contracts.StationStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The last known status of a station, as seen on station-status. */
@Entity
@Table(name = "station_state")
public class StationState extends PanacheEntityBase {
    @Id
    @Column(name = "station_id")
    public String stationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StationStatus status;

    @Enumerated(EnumType.STRING)
    public StationStatus previous;

    public Double lat;

    public Double lon;

    @Column(name = "last_event_id", nullable = false)
    public String lastEventId;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    /** All stations ordered by id, or only those in the given status. */
    public static List<StationState> all(StationStatus status) {
        Sort byId = Sort.ascending("stationId");
        return status == null ? listAll(byId) : list("status", byId, status);
    }

    /**
     * The known stations among the given ids, by station id (one query), locked until the transaction ends in
     * station-id order: the start-up rebuild ({@link StationStateTable}) writes the same rows concurrently and must
     * neither be overwritten by an older status read before it committed nor deadlock with us.
     */
    public static Map<String, StationState> byIds(Collection<String> stationIds) {
        if (stationIds.isEmpty()) {
            return new HashMap<>();
        }
        Map<String, StationState> states = new HashMap<>();
        StationState.<StationState>find("stationId in ?1", Sort.ascending("stationId"), stationIds)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list().forEach(s -> states.put(s.stationId, s));
        return states;
    }
}
