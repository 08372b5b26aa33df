package dev.voltstream.notification.service;

import java.util.List;
import java.util.Optional;

/**
 * What processing one event changed, to push live after the transaction committed.
 *
 * @param duplicate     the event had been processed before; nothing changed
 * @param notifications the notifications created
 * @param station       the station's new state, when a station event was applied
 */
public record EventOutcome(boolean duplicate, List<NotificationView> notifications, Optional<StationView> station) {
    /** Nothing changed because the event was seen before. */
    public static final EventOutcome DUPLICATE = new EventOutcome(true, List.of(), Optional.empty());
}
