package dev.voltstream.notification.messaging;

import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.notification.service.EventOutcome;
import dev.voltstream.notification.service.NotificationRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The event types this service handles (by CloudEvents type) and what handles each. */
@ApplicationScoped
public class EventRoutes {

    /** One handled type: its record class and the recorder method that applies it. */
    public record Route<E extends Event>(Class<E> type, Function<E, EventOutcome> handler) {
        /** Parses the JSON value and applies the event. */
        EventOutcome apply(EventReader reader, String json) {
            return handler.apply(reader.read(json, type));
        }
    }

    private final Map<String, Route<?>> routes;

    EventRoutes(NotificationRecorder recorder) {
        routes = Map.of(
                EventTypes.BALANCE_CHANGED, new Route<>(BalanceChanged.class, recorder::balanceChanged),
                EventTypes.FRAUD_ALERT, new Route<>(FraudAlert.class, recorder::fraudAlert),
                EventTypes.INVOICE_ISSUED, new Route<>(InvoiceIssued.class, recorder::invoiceIssued),
                EventTypes.STATION_STATUS_CHANGED, new Route<>(StationStatusChanged.class,
                        recorder::stationStatusChanged));
    }

    /** The route of a CloudEvents type, if this service handles it. */
    public Optional<Route<?>> forType(String type) {
        return Optional.ofNullable(routes.get(type));
    }
}
