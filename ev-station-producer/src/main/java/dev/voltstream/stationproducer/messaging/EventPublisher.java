package dev.voltstream.stationproducer.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voltstream.contracts.Event;
import dev.voltstream.stationproducer.service.EmissionCounters;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.net.URI;
import java.time.ZoneOffset;
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
    ObjectMapper json;

    @Inject
    EmissionCounters counters;

    /** Sends one event; completes on the broker's acknowledgement. */
    public CompletionStage<Void> publish(Event event) {
        Route route = Route.of(event);
        String type = event.getClass().getSimpleName();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Message<String> message = Message.of(toJson(event), Metadata.of(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(route.key()).build(),
                        OutgoingCloudEventMetadata.builder()
                                .withId(event.eventId())
                                .withType(route.type())
                                .withSource(SOURCE)
                                .withSubject(route.key())
                                .withTimestamp(event.occurredAt().atZone(ZoneOffset.UTC))
                                .withDataContentType("application/json")
                                .build()),
                () -> {
                    counters.acked(type);
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    counters.failed(type);
                    done.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        counters.sent(type);
        try {
            emitter(route.channel()).send(message);
        } catch (RuntimeException overflowOrClosed) {
            counters.failed(type);
            done.completeExceptionally(overflowOrClosed);
        }
        return done;
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

    private String toJson(Event event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
