package dev.voltstream.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientQuotasTest {
    private static final String RATE = ClientQuotas.PRODUCER_BYTE_RATE;

    @Test
    void theMostSpecificEntityWinsInKafkasOrder(@TempDir Path dir) {
        ClientQuotas quotas = new ClientQuotas(new QuotaFile(dir), null);
        quotas.alter(Map.of(
                QuotaEntity.of(null, null, false, true), Map.of(RATE, 1.0),
                QuotaEntity.of(null, "c", false, true), Map.of(RATE, 2.0),
                QuotaEntity.of(null, null, true, false), Map.of(RATE, 3.0),
                QuotaEntity.of("alice", null, true, false), Map.of(RATE, 4.0),
                QuotaEntity.of("alice", "c", true, true), Map.of(RATE, 5.0)), Map.of());
        assertThat(quotas.resolve("alice", "c", RATE)).isEqualTo(5.0);
        assertThat(quotas.resolve("alice", "d", RATE)).isEqualTo(4.0);
        assertThat(quotas.resolve("bob", "c", RATE)).isEqualTo(3.0);   // the default user outranks any client id
        assertThat(quotas.resolve("bob", "c", ClientQuotas.CONSUMER_BYTE_RATE)).isNull();
        assertThat(new ClientQuotas(new QuotaFile(dir), null).all()).isEqualTo(quotas.all());

        quotas.alter(Map.of(), Map.of(QuotaEntity.of(null, null, true, false), Set.of(RATE)));
        assertThat(quotas.resolve("bob", "c", RATE)).isEqualTo(2.0);
        assertThat(quotas.resolve("bob", "x", RATE)).isEqualTo(1.0);
    }

    @Test
    void invalidEntitiesKeysAndValuesAreRefused() {
        assertThatThrownBy(() -> ClientQuotas.validate(new QuotaEntity(Map.of("ip", "1.2.3.4")), Map.of(), Set.of()))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ClientQuotas.validate(QuotaEntity.of("a", null, true, false),
                Map.of("bogus", 1.0), Set.of())).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ClientQuotas.validate(QuotaEntity.of("a", null, true, false),
                Map.of(RATE, 0.0), Set.of())).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new ClientQuotas(null, "not here").alter(Map.of(), Map.of()))
                .hasMessage("not here");
    }

    @Test
    void theThrottleBringsTheRateBackToTheQuotaOverTheWindow() {
        ByteRateMeter meter = new ByteRateMeter(11, 1000);
        long now = 1_000_000;
        // 50 KB in the first second against 10 KB/s: the window's floor is 10 s, so 5 KB/s: not throttled
        assertThat(meter.recordAndThrottle("c", 50_000, 10_000, now)).isZero();
        // another 100 KB 10 ms later: 150 KB over 10.01 s (Kafka's window: elapsed plus the 10 missing full
        // windows), about 50 % over the quota: throttled for about half the window
        assertThat(meter.recordAndThrottle("c", 100_000, 10_000, now + 10)).isBetween(4980L, 5000L);
        // a throttle is never longer than the whole window
        assertThat(meter.recordAndThrottle("c", 10_000_000, 10_000, now + 20)).isEqualTo(11_000);
        assertThat(meter.recordAndThrottle("other", 100, 10_000, now + 20)).isZero();
    }
}
