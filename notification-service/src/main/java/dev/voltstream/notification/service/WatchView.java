package dev.voltstream.notification.service;

import dev.voltstream.notification.domain.StationWatch;
import java.time.Instant;

/** An account's watch on a station. */
public record WatchView(String accountId, String stationId, Instant since) {

    /** The view of a stored watch. */
    public static WatchView of(StationWatch w) {
        return new WatchView(w.accountId, w.stationId, w.createdAt);
    }
}
