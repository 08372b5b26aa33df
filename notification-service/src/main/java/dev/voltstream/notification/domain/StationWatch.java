package dev.voltstream.notification.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** An account watching a station: it is notified each time the station becomes available. */
@Entity
@Table(name = "station_watch")
@IdClass(StationWatch.Key.class)
public class StationWatch extends PanacheEntityBase {
    @Id
    @Column(name = "account_id")
    public String accountId;

    @Id
    @Column(name = "station_id")
    public String stationId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The composite primary key (a plain class: JPA wants a no-arg constructor and mutable fields). */
    public static class Key implements Serializable {
        public String accountId;
        public String stationId;

        /** For JPA. */
        public Key() {
        }

        Key(String accountId, String stationId) {
            this.accountId = accountId;
            this.stationId = stationId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(accountId, k.accountId) && Objects.equals(stationId, k.stationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, stationId);
        }
    }

    /** The watch, or null. */
    public static StationWatch find(String accountId, String stationId) {
        return findById(new Key(accountId, stationId));
    }

    /** The stations an account watches, by station id. */
    public static List<StationWatch> ofAccount(String accountId) {
        return list("accountId", Sort.ascending("stationId"), accountId);
    }

    /** Station id → the accounts watching it (by account id), for the given stations (one query). */
    public static Map<String, List<String>> watchersOf(Collection<String> stationIds) {
        if (stationIds.isEmpty()) {
            return Map.of();
        }
        return StationWatch.<StationWatch>list("stationId in ?1", Sort.ascending("stationId", "accountId"), stationIds)
                .stream().collect(Collectors.groupingBy(w -> w.stationId, Collectors.mapping(w -> w.accountId,
                        Collectors.toList())));
    }
}
