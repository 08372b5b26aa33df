package dev.voltstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The non-data parts of the contracts: type registry, topic names, distances. */
class ContractsTest {

    @Test
    void everyEventTypeHasASchemaAndASample() {
        assertThat(EventTypes.CLASSES).hasSize(10);
        EventTypes.CLASSES.values().forEach(type -> {
            assertThat(type.isRecord()).as(type.getName()).isTrue();
            assertThat(ContractsTest.class.getResource("/schemas/" + type.getSimpleName() + ".schema.json"))
                    .as(type.getSimpleName() + " schema").isNotNull();
            assertThat(ContractsTest.class.getResource("/samples/" + type.getSimpleName() + ".json"))
                    .as(type.getSimpleName() + " sample").isNotNull();
        });
        assertThat(EventTypes.CLASSES.keySet()).allSatisfy(t -> assertThat(t).startsWith("dev.voltstream."));
    }

    @Test
    void deadLetterTopicIsTheTopicDotDlq() {
        assertThat(Topics.deadLetter(Topics.TRANSACTIONS)).isEqualTo("transactions.dlq");
    }

    @Test
    void distanceIsGreatCircle() {
        GeoLocation berlin = new GeoLocation(52.520008, 13.404954);
        GeoLocation munich = new GeoLocation(48.137154, 11.576124);

        assertThat(berlin.distanceKm(munich)).isCloseTo(504.4, within(1.0));
        assertThat(munich.distanceKm(berlin)).isEqualTo(berlin.distanceKm(munich));
        assertThat(berlin.distanceKm(berlin)).isZero();
    }
}
