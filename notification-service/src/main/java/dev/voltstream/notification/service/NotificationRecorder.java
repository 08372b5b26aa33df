package dev.voltstream.notification.service;

import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.notification.config.NotificationConfig;
import dev.voltstream.notification.domain.Notification;
import dev.voltstream.notification.domain.NotificationTable;
import dev.voltstream.kit.db.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a batch of consumed events in one transaction, in their order: marks their ids processed (one statement),
 * stores the notifications they call for (one set-based INSERT, {@link NotificationTable}) and, for station events,
 * the stations' new states. An event whose id was processed before — in an earlier batch or earlier in this one — changes nothing.
 */
@ApplicationScoped
public class NotificationRecorder {
    /** The CloudEvents type of each handled event class (stored with its processed id). */
    private static final Map<Class<? extends Event>, String> TYPES = Map.of(
            BalanceChanged.class, EventTypes.BALANCE_CHANGED,
            FraudAlert.class, EventTypes.FRAUD_ALERT,
            InvoiceIssued.class, EventTypes.INVOICE_ISSUED,
            StationStatusChanged.class, EventTypes.STATION_STATUS_CHANGED);

    private final NotificationRules rules;
    private final ProcessedEvents processed;
    private final NotificationTable table;

    NotificationRecorder(NotificationConfig config, ProcessedEvents processed, NotificationTable table) {
        this.rules = new NotificationRules(config.lowBalance());
        this.processed = processed;
        this.table = table;
    }

    /**
     * Records the events (BalanceChanged, FraudAlert, InvoiceIssued, StationStatusChanged) and returns, for each in
     * the same order, what it changed. BALANCE_CHANGED (+ LOW_BALANCE on a dip), FRAUD_ALERT and INVOICE_ISSUED come
     * from the event alone; a station event updates the station unless it is older than its stored status and
     * notifies the watchers with STATION_AVAILABLE when the station just became free.
     */
    @Transactional
    public List<EventOutcome> record(List<? extends Event> events) {
        Map<String, String> typeByEventId = new LinkedHashMap<>();
        List<String> stationIds = new ArrayList<>();
        for (Event event : events) {
            typeByEventId.putIfAbsent(event.eventId(), typeOf(event));
            if (event instanceof StationStatusChanged s) {
                stationIds.add(s.stationId());
            }
        }
        Set<String> fresh = processed.claim(typeByEventId);
        StationBoard board = stationIds.isEmpty() ? null : StationBoard.load(stationIds);
        List<Applied> applied = new ArrayList<>(events.size());
        for (Event event : events) {
            // removing the id makes a second copy of the event later in this batch a duplicate as well
            applied.add(fresh.remove(event.eventId()) ? apply(event, board) : null);
        }
        // created_at is when the batch is about to commit (infra/load measures end-to-end latency with it)
        Instant now = Instant.now();
        List<List<Notification>> rows = applied.stream()
                .map(a -> a == null ? List.<Notification>of() : rows(a.eventId(), a.drafts(), now)).toList();
        table.insert(rows.stream().flatMap(List::stream).toList()); // one statement for the batch
        List<EventOutcome> outcomes = new ArrayList<>(applied.size());
        for (int i = 0; i < applied.size(); i++) {
            Applied a = applied.get(i);
            outcomes.add(a == null ? EventOutcome.DUPLICATE
                    : new EventOutcome(false, rows.get(i).stream().map(NotificationView::of).toList(), a.station()));
        }
        return outcomes;
    }

    /** What one new event calls for, before its notifications are stored. */
    private record Applied(String eventId, List<NotificationDraft> drafts, Optional<StationView> station) {
    }

    private Applied apply(Event event, StationBoard board) {
        if (event instanceof BalanceChanged e) {
            return new Applied(e.eventId(), rules.forBalanceChanged(e), Optional.empty());
        }
        if (event instanceof FraudAlert e) {
            return new Applied(e.eventId(), rules.forFraudAlert(e), Optional.empty());
        }
        if (event instanceof InvoiceIssued e) {
            return new Applied(e.eventId(), rules.forInvoice(e), Optional.empty());
        }
        StationStatusChanged e = (StationStatusChanged) event; // typeOf admitted only the four handled classes
        StationBoard.Change change = board.apply(e);
        if (change == null) {
            return new Applied(e.eventId(), List.of(), Optional.empty());
        }
        return new Applied(e.eventId(), rules.forStationAvailable(e, change.watchersToNotify()),
                Optional.of(change.station()));
    }

    private static String typeOf(Event event) {
        String type = TYPES.get(event.getClass());
        if (type == null) {
            throw new IllegalArgumentException("not an event this service handles: " + event.getClass().getName());
        }
        return type;
    }

    /** The rows of the drafts (not stored yet: {@link NotificationTable#insert} stores a batch's rows at once). */
    private static List<Notification> rows(String sourceEventId, List<NotificationDraft> drafts, Instant now) {
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
            return n;
        }).toList();
    }

    /** Column widths: a long fraud-alert detail must not make the record unprocessable. */
    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
