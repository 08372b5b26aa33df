package dev.voltstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class EventJsonTest {
    record Ping(String eventId, BigDecimal amount, Instant occurredAt) {
    }

    @Test
    void writesIsoInstantsAndPlainDecimals() {
        String json = EventJson.write(new Ping("p-1", new BigDecimal("1E+3").setScale(2),
                Instant.parse("2026-11-25T10:15:30.250Z")));

        assertThat(json).isEqualTo("{\"eventId\":\"p-1\",\"amount\":1000.00,\"occurredAt\":\"2026-11-25T10:15:30.250Z\"}");
    }

    @Test
    void readsBackEqualKeepingTheScaleAndIgnoresUnknownFields() {
        Ping ping = EventJson.read(
                "{\"eventId\":\"p-1\",\"amount\":12.50,\"occurredAt\":\"2026-11-25T10:15:30Z\",\"addedLater\":true}",
                Ping.class);

        assertThat(ping).isEqualTo(new Ping("p-1", new BigDecimal("12.50"), Instant.parse("2026-11-25T10:15:30Z")));
        assertThat(EventJson.read(EventJson.write(ping), Ping.class)).isEqualTo(ping);
    }
}
