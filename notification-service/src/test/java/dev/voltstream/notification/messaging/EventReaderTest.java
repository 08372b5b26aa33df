package dev.voltstream.notification.messaging;

import dev.voltstream.kit.consumer.PoisonRecordException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSamples;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EventReaderTest {
    private final EventReader reader = new EventReader(EventJson.newMapper());

    @Test
    void readsAnEventAndIgnoresUnknownProperties() {
        ObjectNode json = (ObjectNode) EventJson.tree(EventSamples.json("BalanceChanged"));
        json.put("addedLater", "ignored");

        BalanceChanged event = reader.read(json.toString(), BalanceChanged.class);

        assertThat(event.newBalance()).isEqualByComparingTo(new BigDecimal("4957.50"));
    }

    @Test
    void optionalFieldsMayBeMissing() {
        ObjectNode json = (ObjectNode) EventJson.tree(EventSamples.json("StationStatusChanged"));
        json.remove("previous");
        json.remove("location");

        StationStatusChanged event = reader.read(json.toString(), StationStatusChanged.class);

        assertThat(event.status()).isEqualTo(StationStatus.AVAILABLE);
        assertThat(event.previous()).isNull();
    }

    @Test
    void notJsonIsPoison() {
        assertThatThrownBy(() -> reader.read("{not json", BalanceChanged.class))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("not a valid BalanceChanged");
    }

    @Test
    void emptyValueIsPoison() {
        assertThatThrownBy(() -> reader.read("", BalanceChanged.class)).isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> reader.read(null, BalanceChanged.class)).isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> reader.read("null", BalanceChanged.class))
                .isInstanceOf(PoisonRecordException.class);
    }

    @Test
    void missingRequiredFieldIsPoison() {
        ObjectNode json = (ObjectNode) EventJson.tree(EventSamples.json("BalanceChanged"));
        json.remove("accountId");

        assertThatThrownBy(() -> reader.read(json.toString(), BalanceChanged.class))
                .isInstanceOf(PoisonRecordException.class).hasMessage("BalanceChanged without accountId");
    }

    @Test
    void blankEventIdIsPoison() {
        ObjectNode json = (ObjectNode) EventJson.tree(EventSamples.json("BalanceChanged"));
        json.put("eventId", " ");

        assertThatThrownBy(() -> reader.read(json.toString(), BalanceChanged.class))
                .isInstanceOf(PoisonRecordException.class).hasMessage("BalanceChanged without eventId");
    }

    @Test
    void unknownEnumValueIsPoison() {
        ObjectNode json = (ObjectNode) EventJson.tree(EventSamples.json("StationStatusChanged"));
        json.put("status", "EXPLODED");

        assertThatThrownBy(() -> reader.read(json.toString(), StationStatusChanged.class))
                .isInstanceOf(PoisonRecordException.class);
    }
}
