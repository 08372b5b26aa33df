package dev.voltstream.billing.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

    @Test
    void idsFollowTheContractsNaming() {
        // as in event-contracts' golden samples: ses-000117 → inv-ses-000117 → chg-inv-ses-000117
        String invoiceId = EventIds.invoiceId("ses-000117");
        String transactionId = EventIds.chargingTransactionId(invoiceId);

        assertThat(invoiceId).isEqualTo("inv-ses-000117");
        assertThat(transactionId).isEqualTo("chg-inv-ses-000117");
        assertThat(EventIds.invoiceIssuedEventId(invoiceId)).isEqualTo("invoice-inv-ses-000117");
        assertThat(EventIds.transactionEventId(transactionId)).isEqualTo("chg-inv-ses-000117");
        assertThat(EventIds.balanceChangedEventId("tx-000981")).isEqualTo("balance-tx-000981");
    }

    @Test
    void theSameCauseAlwaysGivesTheSameIds() {
        assertThat(EventIds.invoiceId("s")).isEqualTo(EventIds.invoiceId("s"));
        assertThat(EventIds.postingId("t")).isEqualTo(EventIds.postingId("t")).isNotEqualTo(EventIds.postingId("u"));
    }
}
