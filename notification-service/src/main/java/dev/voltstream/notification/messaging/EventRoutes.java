package dev.voltstream.notification.messaging;

import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.StationStatusChanged;
import java.util.Map;
import java.util.Optional;

/** The event types this service handles (by CloudEvents type) and the record class each is read into. */
public final class EventRoutes {
    private static final Map<String, Class<? extends Event>> HANDLED = Map.of(
            EventTypes.BALANCE_CHANGED, BalanceChanged.class,
            EventTypes.FRAUD_ALERT, FraudAlert.class,
            EventTypes.INVOICE_ISSUED, InvoiceIssued.class,
            EventTypes.STATION_STATUS_CHANGED, StationStatusChanged.class);

    private EventRoutes() {
    }

    /** The record class of a CloudEvents type, if this service handles it. */
    public static Optional<Class<? extends Event>> forType(String type) {
        return Optional.ofNullable(HANDLED.get(type));
    }
}
