package dev.voltstream.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.metadata.ReplicatedClientQuotas;

class ClientQuotasTest {
    private static final String RATE = ClientQuotas.PRODUCER_BYTE_RATE;

    @Test
    void theMostSpecificEntityWinsInKafkasOrder(@TempDir Path dir) {
        ClientQuotas quotas = new ClientQuotas(new QuotaFile(dir));
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
        assertThat(new ClientQuotas(new QuotaFile(dir)).all()).isEqualTo(quotas.all());

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
    }

    @Test
    void inClusterModeChangesGoToTheClusterAndWhatItAppliesIsEnforced() {
        List<List<ReplicatedClientQuotas.Change>> proposed = new ArrayList<>();
        AtomicReference<Consumer<Map<SortedMap<String, String>, SortedMap<String, Double>>>> listener =
                new AtomicReference<>();
        ClientQuotas quotas = ClientQuotas.replicated(new ReplicatedClientQuotas() {
            @Override
            public void listen(Consumer<Map<SortedMap<String, String>, SortedMap<String, Double>>> onChange) {
                listener.set(onChange);
                onChange.accept(Map.of());
            }

            @Override
            public void alter(List<Change> changes) {
                proposed.add(changes);
            }
        });
        QuotaEntity alice = QuotaEntity.of("alice", null, true, false);
        quotas.alter(Map.of(alice, Map.of(RATE, 4.0)), Map.of(alice, Set.of(ClientQuotas.CONSUMER_BYTE_RATE)));
        assertThat(proposed).containsExactly(List.of(new ReplicatedClientQuotas.Change(
                new TreeMap<>(alice.parts()), Map.of(RATE, 4.0), Set.of(ClientQuotas.CONSUMER_BYTE_RATE))));
        assertThat(quotas.resolve("alice", "c", RATE)).as("nothing until the cluster applies it").isNull();

        SortedMap<String, String> defaultUser = new TreeMap<>();
        defaultUser.put(QuotaEntity.USER, null);
        listener.get().accept(Map.of(new TreeMap<>(alice.parts()), new TreeMap<>(Map.of(RATE, 4.0)),
                defaultUser, new TreeMap<>(Map.of(RATE, 3.0))));
        assertThat(quotas.resolve("alice", "c", RATE)).isEqualTo(4.0);
        assertThat(quotas.resolve("bob", "c", RATE)).isEqualTo(3.0);
    }

    @Test
    void theThrottleBringsTheRateBackToTheQuotaOverTheWindow() {
        ClientRateMeter meter = new ClientRateMeter(11, 1000);
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
