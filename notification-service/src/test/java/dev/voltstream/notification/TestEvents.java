package dev.voltstream.notification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSamples;
import org.apache.kafka.common.header.internals.RecordHeaders;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** Events for tests: a golden sample with some fields replaced, as JSON, so tests never collide on ids. */
public final class TestEvents {
    private TestEvents() {
    }

    /** A fresh unique suffix for ids. */
    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** The golden sample of {@code type} with the given fields replaced. */
    public static String json(Class<? extends Event> type, Map<String, Object> fields) {
        ObjectNode node = (ObjectNode) EventJson.tree(EventSamples.json(type.getSimpleName()));
        fields.forEach((name, value) -> node.set(name, EventJson.mapper().valueToTree(value)));
        return node.toString();
    }

    /** The event of the JSON (a {@link #json} result). */
    public static StationStatusChanged read(String json) {
        return EventJson.read(json, StationStatusChanged.class);
    }

    /** A BalanceChanged of the account by delta to newBalance, its cause id (the notification's subject) = eventId. */
    public static String balanceChanged(String accountId, String eventId, String delta, String newBalance) {
        return json(BalanceChanged.class, Map.of("eventId", eventId, "accountId", accountId, "causeId", eventId,
                "delta", new BigDecimal(delta), "newBalance", new BigDecimal(newBalance)));
    }

    /** The CloudEvents binary-mode Kafka headers the services write for a value of this type (null: none). */
    public static RecordHeaders cloudEventHeaders(String type) {
        RecordHeaders headers = new RecordHeaders();
        if (type != null) {
            Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", type,
                            "ce_source", "/voltstream/test", "content-type", "application/json")
                    .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }
}
