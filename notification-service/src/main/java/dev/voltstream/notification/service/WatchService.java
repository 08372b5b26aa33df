package dev.voltstream.notification.service;

import dev.voltstream.notification.domain.StationWatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Accounts watching stations. Watching twice is the same watch. */
@ApplicationScoped
public class WatchService {

    /** The result of a watch request: the watch and whether this request created it. */
    public record Watched(WatchView watch, boolean created) {
    }

    /** Starts watching (or confirms an existing watch). */
    @Transactional
    public Watched watch(String accountId, String stationId) {
        StationWatch existing = StationWatch.find(accountId, stationId);
        if (existing != null) {
            return new Watched(WatchView.of(existing), false);
        }
        StationWatch watch = new StationWatch();
        watch.accountId = accountId;
        watch.stationId = stationId;
        watch.createdAt = Instant.now();
        watch.persist();
        return new Watched(WatchView.of(watch), true);
    }

    /** Stops watching; false when the account did not watch the station. */
    @Transactional
    public boolean unwatch(String accountId, String stationId) {
        StationWatch existing = StationWatch.find(accountId, stationId);
        if (existing == null) {
            return false;
        }
        existing.delete();
        return true;
    }

    /** The account's watches, by station id. */
    @Transactional
    public List<WatchView> watches(String accountId) {
        return StationWatch.ofAccount(accountId).stream().map(WatchView::of).toList();
    }
}
