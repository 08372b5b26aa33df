package dev.voltstream.notification.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StationStatusReplayTest {
    /** A service configured for a secured broker must replay over the same secured connection as its channels. */
    @Test
    void theReplayConsumerTakesTheServicesClientSettingsAndReadsCommittedWithoutAGroup() {
        Map<String, Object> config = StationStatusReplay.config(Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "group.id", "notification-service",
                "isolation.level", "read_uncommitted"), 250);

        assertThat(config).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("max.poll.records", 250)
                .doesNotContainKey("group.id");
    }
}
