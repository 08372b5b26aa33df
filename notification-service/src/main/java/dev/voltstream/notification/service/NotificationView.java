package dev.voltstream.notification.service;

import dev.voltstream.notification.domain.Notification;
import dev.voltstream.notification.domain.NotificationKind;
import java.time.Instant;

/** A notification as the REST API and the live stream show it. */
public record NotificationView(long id, String accountId, NotificationKind kind, String title, String message,
                               String subjectId, String sourceEventId, Instant occurredAt, Instant createdAt) {

    /** The view of a stored notification. */
    public static NotificationView of(Notification n) {
        return new NotificationView(n.id, n.accountId, n.kind, n.title, n.message, n.subjectId, n.sourceEventId,
                n.occurredAt, n.createdAt);
    }
}
