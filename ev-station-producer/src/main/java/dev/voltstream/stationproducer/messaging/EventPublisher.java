package dev.voltstream.stationproducer.messaging;

import dev.voltstream.contracts.Event;
import dev.voltstream.kit.events.EventCodec;
import dev.voltstream.kit.events.OutgoingEvent;
import dev.voltstream.stationproducer.service.EmissionCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends events to their topic: value = the event as JSON, key per {@link Route}, CloudEvents binary-mode metadata
 * (id = eventId, type, source, subject = key, time = occurredAt). The returned stage completes when the broker
 * acknowledged the record (acks=all) and fails when it was nacked.
 */
@ApplicationScoped
public class EventPublisher {
    /** CloudEvents source of everything this service emits. */
    public static final URI SOURCE = URI.create("/voltstream/ev-station-producer");
    private static final int BUFFER = 8192;

    @Inject
    @Channel(Channels.STATION_STATUS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
    Emitter<String> stationStatus;

    @Inject
    @Channel(Channels.STATION_METRICS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
    Emitter<String> stationMetrics;

    @Inject
    @Channel(Channels.CHARGING_SESSIONS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
    Emitter<String> chargingSessions;

    @Inject
    @Channel(Channels.TRANSACTIONS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
    Emitter<String> transactions;

    @Inject
    EventCodec codec;

    @Inject
    EmissionCounters counters;

    /** Sends one event; completes on the broker's acknowledgement. */
    public CompletionStage<Void> publish(Event event) {
        Route route = Route.of(event);
        String type = event.getClass().getSimpleName();
        counters.sent(type);
        CompletionStage<Void> acked;
        try {
            acked = new OutgoingEvent(event.eventId(), route.type(), SOURCE, route.key(), codec.write(event),
                    event.occurredAt()).sendThrough(emitter(route.channel()));
        } catch (RuntimeException e) {
            acked = CompletableFuture.failedFuture(e);
        }
        return acked.whenComplete((ok, failure) -> {
            if (failure == null) {
                counters.acked(type);
            } else {
                counters.failed(type);
            }
        });
    }

    private Emitter<String> emitter(String channel) {
        return switch (channel) {
            case Channels.STATION_STATUS -> stationStatus;
            case Channels.STATION_METRICS -> stationMetrics;
            case Channels.CHARGING_SESSIONS -> chargingSessions;
            case Channels.TRANSACTIONS -> transactions;
            default -> throw new IllegalArgumentException("no emitter for channel " + channel);
        };
    }
}
