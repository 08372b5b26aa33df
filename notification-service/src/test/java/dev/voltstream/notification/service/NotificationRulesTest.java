package dev.voltstream.notification.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.notification.domain.NotificationKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationRulesTest {
    private static final Instant AT = Instant.parse("2026-11-25T10:15:30Z");
    private final NotificationRules rules = new NotificationRules(new BigDecimal("100.00"));

    private static BalanceChanged balance(String delta, String newBalance) {
        return new BalanceChanged("b-1", "acc-0001", new BigDecimal(delta), new BigDecimal(newBalance), "EUR",
                "TRANSACTION", "tx-1", AT);
    }

    @Test
    void balanceChangeAboveThresholdIsOneBalanceNotification() {
        List<NotificationDraft> drafts = rules.forBalanceChanged(balance("-42.50", "4957.50"));

        assertThat(drafts).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(NotificationKind.BALANCE_CHANGED);
            assertThat(d.accountId()).isEqualTo("acc-0001");
            assertThat(d.subjectId()).isEqualTo("tx-1");
            assertThat(d.message()).contains("-42.50 EUR", "4957.50 EUR", "tx-1");
            assertThat(d.occurredAt()).isEqualTo(AT);
        });
    }

    @Test
    void balanceDippingBelowThresholdAlsoWarnsOfLowBalance() {
        List<NotificationDraft> drafts = rules.forBalanceChanged(balance("-50.00", "99.99"));

        assertThat(drafts).extracting(NotificationDraft::kind)
                .containsExactly(NotificationKind.BALANCE_CHANGED, NotificationKind.LOW_BALANCE);
        assertThat(drafts.get(1).message()).contains("99.99 EUR", "below 100.00 EUR");
    }

    @Test
    void balanceAlreadyBelowThresholdDoesNotWarnAgain() {
        assertThat(rules.forBalanceChanged(balance("-10.00", "80.00")))
                .extracting(NotificationDraft::kind).containsExactly(NotificationKind.BALANCE_CHANGED);
    }

    @Test
    void balanceLandingExactlyOnThresholdIsNotLow() {
        assertThat(rules.forBalanceChanged(balance("-20.00", "100.00")))
                .extracting(NotificationDraft::kind).containsExactly(NotificationKind.BALANCE_CHANGED);
    }

    @Test
    void depositIsShownWithPlusSign() {
        assertThat(rules.forBalanceChanged(balance("25", "300")).get(0).message()).startsWith("+25.00 EUR");
    }

    @Test
    void fraudAlertNamesRuleSeverityAndTransaction() {
        FraudAlert alert = new FraudAlert("a-1", "alert-1", "tx-9", "acc-0002", "VELOCITY", "HIGH",
                "6 transactions in 60 s", AT);

        assertThat(rules.forFraudAlert(alert)).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(NotificationKind.FRAUD_ALERT);
            assertThat(d.accountId()).isEqualTo("acc-0002");
            assertThat(d.title()).isEqualTo("Fraud alert: VELOCITY (HIGH)");
            assertThat(d.message()).isEqualTo("Transaction tx-9: 6 transactions in 60 s");
        });
    }

    @Test
    void invoiceNamesAmountEnergyAndStation() {
        InvoiceIssued invoice = new InvoiceIssued("i-1", "inv-1", "ses-1", "st-042", "acc-0003", 32.5,
                new BigDecimal("0.39"), 12, new BigDecimal("0.10"), new BigDecimal("13.875"),
                new BigDecimal("2.08"), "EUR", AT);

        assertThat(rules.forInvoice(invoice)).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(NotificationKind.INVOICE_ISSUED);
            assertThat(d.subjectId()).isEqualTo("inv-1");
            assertThat(d.message()).contains("13.88 EUR", "32.50 kWh", "st-042", "ses-1");
        });
    }

    @Test
    void stationAvailableNotifiesEveryWatcher() {
        StationStatusChanged freed = new StationStatusChanged("s-1", "st-007", StationStatus.AVAILABLE,
                StationStatus.OCCUPIED, new GeoLocation(52.5, 13.4), AT);

        assertThat(rules.forStationAvailable(freed, List.of("acc-0001", "acc-0002")))
                .extracting(NotificationDraft::accountId, NotificationDraft::kind, NotificationDraft::subjectId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("acc-0001", NotificationKind.STATION_AVAILABLE, "st-007"),
                        org.assertj.core.groups.Tuple.tuple("acc-0002", NotificationKind.STATION_AVAILABLE, "st-007"));
    }
}
