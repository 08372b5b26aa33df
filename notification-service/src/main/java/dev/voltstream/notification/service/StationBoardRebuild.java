package dev.voltstream.notification.service;

import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.Topics;
import dev.voltstream.notification.config.StationBoardConfig;
import dev.voltstream.notification.domain.StationStateTable;
import dev.voltstream.notification.messaging.EventReader;
import dev.voltstream.notification.messaging.StationStatusReplay;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Rebuilds the station board ({@code station_state}) from the compacted station-status topic when the service starts,
 * so the board no longer depends on the service having seen every event since the beginning (a fresh or restored
 * database, a board emptied by hand). Runs on its own thread next to the live consumer: each poll's latest status per
 * station is upserted in one transaction, newer wins ({@link StationStateTable}), so a status the live consumer has
 * already applied is never replaced by an older one. No notifications are sent: watchers were told when it happened.
 * A failed attempt (broker or database away) is retried after a pause; {@link #ready()} is false until one finished.
 */
@ApplicationScoped
public class StationBoardRebuild {
    private static final Logger LOG = Logger.getLogger(StationBoardRebuild.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** Where the rebuild is. */
    public enum State { DISABLED, RUNNING, DONE }

    private final StationBoardConfig config;
    private final Map<String, Object> kafkaDefaults;
    private final EventReader reader;
    private final StationStateTable table;
    private volatile State state;
    private volatile boolean stopping;
    private volatile long recordsRead;
    private volatile String lastFailure;
    private volatile StationStatusReplay replay;
    private Thread thread;

    public StationBoardRebuild(StationBoardConfig config,
                               @Identifier("default-kafka-broker") Map<String, Object> kafkaDefaults,
                               EventReader reader, StationStateTable table) {
        this.config = config;
        this.kafkaDefaults = Map.copyOf(kafkaDefaults);
        this.reader = reader;
        this.table = table;
        this.state = config.rebuild() ? State.RUNNING : State.DISABLED;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.rebuild()) {
            LOG.info("station board rebuild from " + Topics.STATION_STATUS + " disabled"
                    + " (voltstream.station-board.rebuild=false)");
            return;
        }
        thread = new Thread(this::runUntilDone, "station-board-rebuild");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        StationStatusReplay current = replay;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }

    /** True once the board was rebuilt, or when the rebuild is disabled. */
    public boolean ready() {
        return state != State.RUNNING;
    }

    public State state() {
        return state;
    }

    /** Records of station-status the finished rebuild read (0 until then). */
    public long recordsRead() {
        return recordsRead;
    }

    /** Why the last attempt failed, null when none did. */
    public String lastFailure() {
        return lastFailure;
    }

    private void runUntilDone() {
        while (!stopping) {
            try {
                rebuildOnce();
                state = State.DONE;
                return;
            } catch (WakeupException e) {
                return; // shutting down
            } catch (RuntimeException e) {
                lastFailure = e.toString();
                LOG.warnf("station board rebuild from %s failed, retrying in %d s: %s", Topics.STATION_STATUS,
                        RETRY_AFTER.toSeconds(), e);
                try {
                    Thread.sleep(RETRY_AFTER.toMillis()); // nothing to await: the broker or database is away
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void rebuildOnce() {
        long start = System.nanoTime();
        Set<String> stations = new HashSet<>(); // one id per station: the size of the board itself
        StationStatusReplay.Result result;
        try (StationStatusReplay current = new StationStatusReplay(kafkaDefaults, config.batchSize(), reader,
                () -> stopping)) {
            replay = current;
            result = current.replay(batch -> {
                upsert(batch);
                batch.forEach(e -> stations.add(e.stationId()));
            });
        } finally {
            replay = null;
        }
        if (stopping) {
            throw new WakeupException();
        }
        recordsRead = result.records();
        LOG.infof("station board rebuilt from %s: %d stations, %d records (%d skipped) in %d ms",
                Topics.STATION_STATUS, stations.size(), result.records(), result.skipped(),
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    private void upsert(Collection<StationStatusChanged> latestPerStation) {
        QuarkusTransaction.requiringNew().run(() -> table.upsertNewer(latestPerStation));
    }
}
