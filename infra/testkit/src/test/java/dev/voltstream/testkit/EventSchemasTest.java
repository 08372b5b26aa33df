package dev.voltstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Against this module's test schemas Ping and Point (event-contracts tests the real ones). */
class EventSchemasTest {
    record Ping(String eventId, BigDecimal amount, Instant occurredAt) {
    }

    @Test
    void acceptsValidJsonAndObjects() {
        assertThat(EventSchemas.validate("Ping", EventSamples.json("Ping"))).isEmpty();
        assertThat(EventSchemas.validate(new Ping("p-1", new BigDecimal("0.01"), Instant.now()))).isEmpty();
        EventSchemas.assertValid("Ping", "{\"eventId\":\"p\",\"amount\":0,\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"where\":{\"lat\":52.5}}");
    }

    @Test
    void reportsEachViolation() {
        assertThat(EventSchemas.validate("Ping", "{\"amount\":-1,\"occurredAt\":\"yesterday\",\"extra\":1}"))
                .hasSize(4)
                .anySatisfy(m -> assertThat(m).contains("eventId"))
                .anySatisfy(m -> assertThat(m).contains("amount").contains("0"))
                .anySatisfy(m -> assertThat(m).contains("occurredAt").contains("date-time"))
                .anySatisfy(m -> assertThat(m).contains("extra"));
    }

    @Test
    void followsReferencesToOtherSchemasOnTheClasspath() {
        assertThat(EventSchemas.validate("Ping", "{\"eventId\":\"p\",\"amount\":1,\"occurredAt\":"
                + "\"2026-11-25T10:15:30Z\",\"where\":{\"lat\":91}}"))
                .singleElement().asString().contains("lat");
    }

    @Test
    void assertValidFailsWithTheViolations() {
        assertThatThrownBy(() -> EventSchemas.assertValid("Ping", "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("eventId");
    }

    @Test
    void unknownSchemaOrBadJsonIsAnArgumentError() {
        assertThatThrownBy(() -> EventSchemas.validate("NoSuchEvent", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NoSuchEvent");
        assertThatThrownBy(() -> EventSchemas.validate("Ping", "{not json"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
