package dev.voltstream.notification.service;

import dev.voltstream.notification.domain.Notification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Reads stored notifications. */
@ApplicationScoped
public class NotificationQueries {

    /** A page of notifications newest first, of one account or (accountId null) of all. */
    @Transactional
    public NotificationPage page(String accountId, int page, int size) {
        var items = Notification.newestFirst(accountId, page, size).stream().map(NotificationView::of).toList();
        return new NotificationPage(items, page, size, Notification.countFor(accountId));
    }

    /** One notification by id. */
    @Transactional
    public Optional<NotificationView> find(long id) {
        return Notification.<Notification>findByIdOptional(id).map(NotificationView::of);
    }
}
