package dev.voltstream.notification.service;

import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.Topics;
import dev.voltstream.notification.config.NotificationConfig;
import dev.voltstream.notification.domain.Notification;
import dev.voltstream.notification.domain.ProcessedEvent;
import dev.voltstream.notification.domain.StationState;
import dev.voltstream.notification.domain.StationWatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Applies one consumed event in one transaction: marks its id processed, stores the notifications it calls for (and
 * for station events the station's new state). A redelivered event finds its id processed and changes nothing.
 */
@ApplicationScoped
public class NotificationRecorder {
    private final NotificationRules rules;

    NotificationRecorder(NotificationConfig config) {
        this.rules = new NotificationRules(config.lowBalance());
    }

    /** BALANCE_CHANGED, and LOW_BALANCE when the balance dipped below the threshold. */
    @Transactional
    public EventOutcome balanceChanged(BalanceChanged event) {
        return recordOnce(event, Topics.ACCOUNT_UPDATES, () -> rules.forBalanceChanged(event));
    }

    /** FRAUD_ALERT. */
    @Transactional
    public EventOutcome fraudAlert(FraudAlert event) {
        return recordOnce(event, Topics.FRAUD_ALERTS, () -> rules.forFraudAlert(event));
    }

    /** INVOICE_ISSUED. */
    @Transactional
    public EventOutcome invoiceIssued(InvoiceIssued event) {
        return recordOnce(event, Topics.INVOICES, () -> rules.forInvoice(event));
    }

    /** Updates the station's state unless the event is older; STATION_AVAILABLE to each watcher when it freed up. */
    @Transactional
    public EventOutcome stationStatusChanged(StationStatusChanged event) {
        if (!ProcessedEvent.markProcessed(event.eventId(), Topics.STATION_STATUS)) {
            return EventOutcome.DUPLICATE;
        }
        StationState current = StationState.findById(event.stationId());
        StationTransition transition = StationTransition.of(current, event);
        if (!transition.apply()) {
            return EventOutcome.of(List.of());
        }
        StationStatus before = current != null ? current.status : event.previous();
        StationState state = current != null ? current : new StationState();
        state.stationId = event.stationId();
        state.previous = before;
        state.status = event.status();
        if (event.location() != null) {
            state.lat = event.location().lat();
            state.lon = event.location().lon();
        }
        state.lastEventId = event.eventId();
        state.changedAt = event.occurredAt();
        if (current == null) {
            state.persist();
        }
        List<NotificationDraft> drafts = transition.becameAvailable()
                ? rules.forStationAvailable(event, watchersOf(event.stationId()))
                : List.of();
        return new EventOutcome(false, store(event.eventId(), drafts), Optional.of(StationView.of(state)));
    }

    private EventOutcome recordOnce(Event event, String topic, Supplier<List<NotificationDraft>> drafts) {
        if (!ProcessedEvent.markProcessed(event.eventId(), topic)) {
            return EventOutcome.DUPLICATE;
        }
        return EventOutcome.of(store(event.eventId(), drafts.get()));
    }

    private static List<String> watchersOf(String stationId) {
        return StationWatch.ofStation(stationId).stream().map(w -> w.accountId).toList();
    }

    private static List<NotificationView> store(String sourceEventId, List<NotificationDraft> drafts) {
        Instant now = Instant.now();
        return drafts.stream().map(draft -> {
            Notification n = new Notification();
            n.accountId = draft.accountId();
            n.kind = draft.kind();
            n.sourceEventId = sourceEventId;
            n.subjectId = draft.subjectId();
            n.title = clip(draft.title(), 200);
            n.message = clip(draft.message(), 1000);
            n.occurredAt = draft.occurredAt();
            n.createdAt = now;
            n.persist();
            return NotificationView.of(n);
        }).toList();
    }

    /** Column widths: a long fraud-alert detail must not make the record unprocessable. */
    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
