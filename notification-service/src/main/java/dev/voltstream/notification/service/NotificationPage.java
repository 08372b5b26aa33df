package dev.voltstream.notification.service;

import java.util.List;

/** One page of notifications, newest first, with the total count for the same filter. */
public record NotificationPage(List<NotificationView> items, int page, int size, long total) {
}
