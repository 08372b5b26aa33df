package dev.voltstream.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
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
    void aQuotaIsSharedByEveryoneItsEntityCovers(@TempDir Path dir) {
        ClientQuotas quotas = new ClientQuotas(new QuotaFile(dir));
        quotas.alter(Map.of(
                QuotaEntity.of("alice", null, true, false), Map.of(RATE, 4.0),
                QuotaEntity.of("alice", "c", true, true), Map.of(RATE, 5.0),
                QuotaEntity.of(null, null, false, true), Map.of(RATE, 1.0)), Map.of());
        // Kafka's quota metric tags: a user's quota is one meter for all its client ids
        assertThat(quotas.applied("alice", "d", RATE).meter()).isEqualTo(quotas.applied("alice", "e", RATE).meter())
                .isEqualTo("alice\u0000");
        // a user and client id's is that pair's own
        assertThat(quotas.applied("alice", "c", RATE)).isEqualTo(new ClientQuotas.Applied(5.0, "alice\u0000c"));
        // the default client id's: one meter per client id, whatever the user
        assertThat(quotas.applied("bob", "x", RATE).meter()).isEqualTo(quotas.applied("carol", "x", RATE).meter())
                .isEqualTo("\u0000x").isNotEqualTo(quotas.applied("bob", "y", RATE).meter());
    }

    @Test
    void aByteRateLetsTheWindowsBurstThroughThenThrottlesForWhatIsOwed() {
        ClientRateMeter meter = ClientRateMeter.byteRate(11, 1000);
        long now = 1_000_000;
        // a fresh client may send 10 windows' worth at once (what Kafka's window, measured over at least 10 s,
        // lets through): 100 KB against 10 KB/s
        assertThat(meter.recordAndThrottle("c", 100_000, 10_000, now)).isZero();
        // 15 KB more 500 ms later: 5 KB earned back, 10 KB owed: a second at 10 KB/s
        assertThat(meter.recordAndThrottle("c", 15_000, 10_000, now + 500)).isEqualTo(1000);
        // a throttle is never longer than the whole window, but the debt stays: the next one is throttled too
        assertThat(meter.recordAndThrottle("c", 10_000_000, 10_000, now + 600)).isEqualTo(11_000);
        assertThat(meter.recordAndThrottle("c", 1, 10_000, now + 11_600)).isEqualTo(11_000);
        assertThat(meter.recordAndThrottle("other", 100, 10_000, now + 600)).isZero();
    }

    @Test
    void aClientThatWaitsItsThrottlesGetsItsQuotaAfterTheBurst() {
        // a producer pipelining 5 requests of 16 KB, waiting the longest throttle of their responses each time, as
        // the Java client does (KIP-219)
        ClientRateMeter meter = ClientRateMeter.byteRate(11, 1000);
        double quota = 100 * 1024;
        long now = 0;
        long sent = 0;
        long sentAfterBurst = 0;
        long burstOver = -1;
        while (now < 71_000) {
            long throttle = 0;
            for (int i = 0; i < 5; i++) {
                throttle = Math.max(throttle, meter.recordAndThrottle("p", 16_384, quota, now));
                sent += 16_384;
            }
            if (burstOver < 0 && throttle > 0) {
                burstOver = now + throttle;
            } else if (burstOver >= 0) {
                sentAfterBurst += 5 * 16_384;
            }
            now += Math.max(throttle, 2);   // 2 ms for a round trip
        }
        assertThat(sent - sentAfterBurst).as("the burst: 10 s at the quota, and the requests that went past it")
                .isBetween((long) (10 * quota), (long) (10 * quota) + 5 * 16_384);
        assertThat(sentAfterBurst / ((now - burstOver) / 1000.0)).isCloseTo(quota, within(quota * 0.02));
    }

    @Test
    void theRequestQuotasWindowThrottlesAsKafkasRate() {
        WindowedRate rate = new WindowedRate(11, 1000, 11_000);
        long now = 1_000_000;
        // 50 KB in the first second against 10 KB/s: the window's floor is 10 s, so 5 KB/s: not throttled
        assertThat(rate.recordAndThrottle(50_000, 10_000, now)).isZero();
        // another 100 KB 10 ms later: 150 KB over 10.01 s, about 50 % over the quota: throttled for
        // (14,985 - 10,000) / 10,000 x 10,010 ms
        assertThat(rate.recordAndThrottle(100_000, 10_000, now + 10)).isEqualTo(4990);
        // never longer than the cap
        assertThat(rate.recordAndThrottle(10_000_000, 10_000, now + 20)).isEqualTo(11_000);
    }
}
