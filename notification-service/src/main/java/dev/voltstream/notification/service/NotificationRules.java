package dev.voltstream.notification.service;

import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.notification.domain.NotificationKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Which notifications an event calls for, and their wording. Pure: no I/O, so it is unit tested directly. */
public final class NotificationRules {
    private final BigDecimal lowBalance;

    /** @param lowBalance the threshold below which the balance counts as low */
    public NotificationRules(BigDecimal lowBalance) {
        this.lowBalance = lowBalance;
    }

    /**
     * Always BALANCE_CHANGED; also LOW_BALANCE when this change took the balance below the threshold (the balance
     * before, newBalance − delta, was at or above it), so a driver is warned once per dip rather than per payment.
     */
    public List<NotificationDraft> forBalanceChanged(BalanceChanged e) {
        List<NotificationDraft> drafts = new ArrayList<>(2);
        String currency = e.currency() == null ? "EUR" : e.currency();
        String cause = e.causeId() == null ? String.valueOf(e.cause()) : e.cause() + " " + e.causeId();
        drafts.add(new NotificationDraft(e.accountId(), NotificationKind.BALANCE_CHANGED, e.causeId(),
                "Balance changed",
                "%s %s (%s); new balance %s %s".formatted(signed(e.delta()), currency, cause, money(e.newBalance()),
                        currency),
                e.occurredAt()));
        BigDecimal before = e.newBalance().subtract(e.delta());
        if (e.newBalance().compareTo(lowBalance) < 0 && before.compareTo(lowBalance) >= 0) {
            drafts.add(new NotificationDraft(e.accountId(), NotificationKind.LOW_BALANCE, e.causeId(),
                    "Low balance",
                    "Your balance is %s %s, below %s %s".formatted(money(e.newBalance()), currency, money(lowBalance),
                            currency),
                    e.occurredAt()));
        }
        return drafts;
    }

    /** One FRAUD_ALERT per alert. */
    public List<NotificationDraft> forFraudAlert(FraudAlert e) {
        String detail = e.detail() == null || e.detail().isBlank() ? "" : ": " + e.detail();
        return List.of(new NotificationDraft(e.accountId(), NotificationKind.FRAUD_ALERT, e.transactionId(),
                "Fraud alert: %s (%s)".formatted(e.rule(), e.severity()),
                "Transaction %s%s".formatted(e.transactionId(), detail),
                e.occurredAt()));
    }

    /** One INVOICE_ISSUED per invoice. */
    public List<NotificationDraft> forInvoice(InvoiceIssued e) {
        String currency = e.currency() == null ? "EUR" : e.currency();
        return List.of(new NotificationDraft(e.accountId(), NotificationKind.INVOICE_ISSUED, e.invoiceId(),
                "Invoice " + e.invoiceId(),
                "%s %s for %.2f kWh at %s (session %s)".formatted(money(e.amount()), currency, e.energyKwh(),
                        e.stationId(), e.sessionId()),
                e.occurredAt()));
    }

    /** One STATION_AVAILABLE per watching account (the caller decides whether the station just became free). */
    public List<NotificationDraft> forStationAvailable(StationStatusChanged e, Collection<String> watchers) {
        return watchers.stream()
                .map(account -> new NotificationDraft(account, NotificationKind.STATION_AVAILABLE, e.stationId(),
                        "Station " + e.stationId() + " is free",
                        "The station you watch, " + e.stationId() + ", is available now",
                        e.occurredAt()))
                .toList();
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String signed(BigDecimal amount) {
        return (amount.signum() >= 0 ? "+" : "") + money(amount);
    }
}
