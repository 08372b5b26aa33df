package dev.voltstream.billing.service;

import dev.voltstream.billing.domain.EntryType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerPostingTest {

    @Test
    void debitsThePayerAndCreditsThePayeeWithTheSameAmount() {
        LedgerPosting posting = new LedgerPosting("tx:t1", "acc-0001", "platform", new BigDecimal("42.50"));

        List<LedgerPosting.Line> lines = posting.lines();

        assertThat(lines).containsExactly(
                new LedgerPosting.Line("acc-0001", EntryType.DEBIT, new BigDecimal("-42.50")),
                new LedgerPosting.Line("platform", EntryType.CREDIT, new BigDecimal("42.50")));
    }

    @Test
    void linesOfAPostingSumToZero() {
        LedgerPosting posting = new LedgerPosting("tx:t2", "acc-0002", "platform", new BigDecimal("0.01"));

        BigDecimal sum = posting.lines().stream().map(LedgerPosting.Line::signedAmount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);

        assertThat(sum).isEqualByComparingTo("0");
    }

    @Test
    void amountIsKeptInCents() {
        LedgerPosting posting = new LedgerPosting("tx:t3", "acc-0003", "platform", new BigDecimal("7"));

        assertThat(posting.amount()).isEqualTo(new BigDecimal("7.00"));
    }

    @Test
    void rejectsANonPositiveAmount() {
        assertThatThrownBy(() -> new LedgerPosting("tx:t4", "acc-0004", "platform", BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LedgerPosting("tx:t4", "acc-0004", "platform", new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMovingMoneyFromAnAccountToItself() {
        assertThatThrownBy(() -> new LedgerPosting("tx:t5", "platform", "platform", BigDecimal.TEN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
