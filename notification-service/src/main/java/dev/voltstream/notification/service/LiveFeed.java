package dev.voltstream.notification.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import dev.voltstream.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes committed notifications and station changes to every live subscriber (the SSE streams). Subscribers see what
 * happens after they subscribe; history comes from the REST API. A subscriber that falls more than the configured
 * buffer behind is failed (its EventSource reconnects) rather than slowing the consumers down.
 */
@ApplicationScoped
public class LiveFeed {
    private final BroadcastProcessor<NotificationView> notifications = BroadcastProcessor.create();
    private final BroadcastProcessor<StationView> stations = BroadcastProcessor.create();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final int bufferSize;

    LiveFeed(NotificationConfig config, MeterRegistry registry) {
        this.bufferSize = config.liveBufferSize();
        registry.gauge("voltstream.notification.live.subscribers", subscribers);
    }

    /**
     * Publishes what a committed batch changed, in event order. Synchronized: a BroadcastProcessor must not be fed
     * concurrently (the consumer copies publish from their own threads).
     */
    public synchronized void publish(List<EventOutcome> outcomes) {
        for (EventOutcome outcome : outcomes) {
            outcome.notifications().forEach(notifications::onNext);
            outcome.station().ifPresent(stations::onNext);
        }
    }

    /** Live notifications, of one account or (accountId null) of all. */
    public Multi<NotificationView> notifications(String accountId) {
        return track(notifications).select().where(n -> accountId == null || accountId.equals(n.accountId()));
    }

    /** Live station status changes. */
    public Multi<StationView> stations() {
        return track(stations);
    }

    /** How many live streams are open now. */
    public int subscriberCount() {
        return subscribers.get();
    }

    private <T> Multi<T> track(Multi<T> source) {
        return source.onOverflow().buffer(bufferSize)
                .onSubscription().invoke(subscribers::incrementAndGet)
                .onTermination().invoke(subscribers::decrementAndGet);
    }
}
