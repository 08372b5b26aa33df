package dev.voltstream.notification.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.notification.service.NotificationRules;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSamples;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Consumer side of the event contracts: the golden samples of every event this service consumes parse with the
 * service's reader (the same mapping Quarkus uses) into complete events that the rules turn into notifications.
 */
class GoldenSamplesContractTest {
    /** Quarkus' default ObjectMapper settings, as testkit's EventJson documents and tests. */
    private static final ObjectMapper QUARKUS_LIKE = EventJson.newMapper();
    private final EventReader reader = new EventReader(QUARKUS_LIKE);
    private final NotificationRules rules = new NotificationRules(new BigDecimal("100.00"));

    private <E extends Event> E golden(Class<E> type) {
        return reader.read(EventSamples.json(type.getSimpleName()), type);
    }

    @ParameterizedTest
    @ValueSource(strings = {EventTypes.BALANCE_CHANGED, EventTypes.FRAUD_ALERT, EventTypes.INVOICE_ISSUED,
            EventTypes.STATION_STATUS_CHANGED})
    void everyConsumedTypeHasAGoldenSampleThatReads(String type) {
        Class<? extends Event> recordClass = EventTypes.CLASSES.get(type);

        Event event = golden(recordClass);

        assertThat(event.eventId()).isNotBlank();
        assertThat(event.occurredAt()).isNotNull();
    }

    @Test
    void balanceChangedSample() {
        BalanceChanged e = golden(BalanceChanged.class);

        assertThat(e.accountId()).isEqualTo("acc-0007");
        assertThat(e.delta()).isEqualByComparingTo("-42.50");
        assertThat(rules.forBalanceChanged(e)).hasSize(1);
    }

    @Test
    void fraudAlertSample() {
        FraudAlert e = golden(FraudAlert.class);

        assertThat(e.transactionId()).isEqualTo("tx-000981");
        assertThat(rules.forFraudAlert(e)).singleElement()
                .satisfies(d -> assertThat(d.title()).contains(e.rule(), e.severity()));
    }

    @Test
    void invoiceIssuedSample() {
        InvoiceIssued e = golden(InvoiceIssued.class);

        assertThat(e.amount()).isEqualByComparingTo("13.88");
        assertThat(rules.forInvoice(e)).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("13.88 EUR"));
    }

    @Test
    void stationStatusChangedSample() {
        StationStatusChanged e = golden(StationStatusChanged.class);

        assertThat(e.status()).isEqualTo(StationStatus.AVAILABLE);
        assertThat(e.location()).isNotNull();
        assertThat(rules.forStationAvailable(e, List.of("acc-0001"))).hasSize(1);
    }
}
