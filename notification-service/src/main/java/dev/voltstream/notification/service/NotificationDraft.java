package dev.voltstream.notification.service;

import dev.voltstream.notification.domain.NotificationKind;
import java.time.Instant;

/** A notification an event calls for, before it is stored. */
public record NotificationDraft(String accountId, NotificationKind kind, String subjectId, String title,
                                String message, Instant occurredAt) {
}
