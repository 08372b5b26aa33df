package dev.voltstream.stationproducer.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.stationproducer.service.Quiescence;
import dev.voltstream.stationproducer.service.Simulation;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSchemas;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running simulation, with the in-memory connector in place of Kafka: what reaches each channel is keyed as
 * SYSTEM.md says, carries its CloudEvents type and id, and validates against event-contracts' JSON Schemas.
 */
@QuarkusTest
class EmittedEventsTest {
    private static final Map<String, String> TYPE_CHANNEL = Map.of(
            EventTypes.STATION_STATUS_CHANGED, Channels.STATION_STATUS,
            EventTypes.STATION_TELEMETRY, Channels.STATION_METRICS,
            EventTypes.SESSION_STARTED, Channels.CHARGING_SESSIONS,
            EventTypes.SESSION_PROGRESS, Channels.CHARGING_SESSIONS,
            EventTypes.SESSION_COMPLETED, Channels.CHARGING_SESSIONS,
            EventTypes.TRANSACTION, Channels.TRANSACTIONS);

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    Simulation simulation;

    private InMemoryChannels channels;

    @BeforeEach
    void quietAndEmpty() {
        Quiescence.stopAndSettle(simulation);
        channels = new InMemoryChannels(connector);
        channels.clear();
    }

    @AfterEach
    void stop() {
        Quiescence.stopAndSettle(simulation);
    }

    @Test
    void everyEmittedEventIsKeyedTypedAndValidAgainstItsSchema() {
        simulation.scale(5_000);
        simulation.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> channels.sentAll().stream()
                .map(r -> r.cloudEvent().getType()).distinct().count() == TYPE_CHANNEL.size()
                && channels.sent(Channels.CHARGING_SESSIONS).size() > 50);
        simulation.stop();

        List<InMemoryChannels.SentRecord> sent = channels.sentAll();
        assertThat(sent).allSatisfy(record -> {
            assertThat(record.cloudEvent()).as("CloudEvents metadata").isNotNull();
            assertThat(TYPE_CHANNEL).containsEntry(record.cloudEvent().getType(), record.channel());
            assertThat(record.cloudEvent().getSource()).isEqualTo(EventPublisher.SOURCE);
            assertThat(record.cloudEvent().getSubject()).contains(record.key());
            EventSchemas.assertValid(record.recordName(), record.json());
            JsonNode json = EventJson.tree(record.json());
            assertThat(record.cloudEvent().getId()).isEqualTo(json.get("eventId").asText());
            String keyField = record.channel().equals(Channels.TRANSACTIONS) ? "accountId" : "stationId";
            assertThat(record.key()).isEqualTo(json.get(keyField).asText());
        });
    }

    @Test
    void paymentsAreAboutTheConfiguredShareOfTheTraffic() {
        simulation.scale(5_000);
        simulation.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> channels.sentAll().size() >= 2_000);
        simulation.stop();
        Quiescence.stopAndSettle(simulation);

        assertThat(simulation.status()).satisfies(status -> {
            assertThat(status.failed()).as("failed").isZero();
            assertThat(status.dropped()).as("dropped").isZero();
        });
        Map<String, Long> perChannel = channels.sentAll().stream()
                .collect(Collectors.groupingBy(InMemoryChannels.SentRecord::channel, Collectors.counting()));
        long total = perChannel.values().stream().mapToLong(Long::longValue).sum();
        assertThat(perChannel.get(Channels.TRANSACTIONS) / (double) total).isBetween(0.55, 0.65);
        assertThat(perChannel).containsKeys(Channels.STATION_STATUS, Channels.STATION_METRICS,
                Channels.CHARGING_SESSIONS);
    }
}
