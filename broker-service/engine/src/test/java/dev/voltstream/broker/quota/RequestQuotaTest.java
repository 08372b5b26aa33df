package dev.voltstream.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.network.ThrottleTime;
import dev.voltstream.broker.protocol.KafkaRequest;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.security.PrincipalResolver;

/** {@code request_percentage}: the accounting of request-thread time, on a driven clock. */
class RequestQuotaTest {
    private static final long MS = 1_000_000;

    @Test
    void threadTimeAboveThePercentageIsThrottledByKafkasFormulaForAtMostOneSampleWindow() {
        RequestTimeMeter meter = new RequestTimeMeter(2, 1000);
        // 10 % of a thread is 100 ms a second; the window's floor is one full sample (1 s) plus the current one
        assertThat(meter.recordAndThrottle("light", 50 * MS, 10, 0)).isZero();
        // 150 ms at once: 15 % over 1 s, half again the quota: throttled for half the 1 s measured
        assertThat(meter.recordAndThrottle("heavy", 150 * MS, 10, 0)).isEqualTo(500);
        // a throttle is never longer than one sample window (Kafka's ClientRequestQuotaManager.maxThrottleTimeMs)
        assertThat(meter.recordAndThrottle("heavy", 10_000 * MS, 10, 10)).isEqualTo(1000);
        // once the window has moved on, the old time no longer counts
        assertThat(meter.recordAndThrottle("heavy", 1 * MS, 10, 5_000)).isZero();
    }

    @Test
    void aPercentageAboveOneHundredIsSeveralThreadsTime() {
        RequestTimeMeter meter = new RequestTimeMeter(2, 1000);
        // 1.5 s of thread time in a second: within 200 % (two threads), 50 % over 100 %
        assertThat(meter.recordAndThrottle("a", 1500 * MS, 200, 0)).isZero();
        assertThat(meter.recordAndThrottle("b", 1500 * MS, 100, 0)).isEqualTo(500);
    }

    @Test
    void onlyTheClientWithTheQuotaGetsAThrottleInAnyResponse(@TempDir Path dir) {
        AtomicLong clock = new AtomicLong(1_000 * MS);
        // every request takes 30 ms of the request thread: 3 % of a thread over a 1 s floor, three times the quota
        QuotaProcessor processor = new QuotaProcessor(request -> {
            clock.addAndGet(30 * MS);
            return CompletableFuture.completedFuture((ApiMessage) new MetadataResponseData());
        }, requestPercentage(dir, "busy", 1.0), PrincipalResolver.from(new BrokerConfig(Map.of())), 2, 1000,
                clock::get);

        ApiMessage busy = processor.process(metadataRequest("busy")).toCompletableFuture().join();
        ApiMessage idle = processor.process(metadataRequest("idle")).toCompletableFuture().join();
        assertThat(ThrottleTime.of(busy)).isEqualTo(1000);   // (3 - 1) / 1 x 1 s, capped at one sample window
        assertThat(ThrottleTime.of(idle)).isZero();
    }

    @Test
    void theAdminLanesWorkCountsForTheClientThatHandedItOver(@TempDir Path dir) {
        AtomicLong clock = new AtomicLong(1_000 * MS);
        ArrayDeque<Runnable> lane = new ArrayDeque<>();
        AdminLaneTime timedLane = new AdminLaneTime(lane::add, clock::get);
        // the handler only hands the work to the lane (no request-thread time); the lane spends 300 ms on it
        QuotaProcessor processor = new QuotaProcessor(request -> {
            CompletableFuture<ApiMessage> done = new CompletableFuture<>();
            timedLane.execute(() -> {
                clock.addAndGet(300 * MS);
                done.complete(new MetadataResponseData());
            });
            return done;
        }, requestPercentage(dir, "admin", 10.0), PrincipalResolver.from(new BrokerConfig(Map.of())), 2, 1000,
                clock::get);

        CompletableFuture<ApiMessage> first = processor.process(metadataRequest("admin")).toCompletableFuture();
        lane.poll().run();
        assertThat(ThrottleTime.of(first.join())).as("answered before its lane time is counted").isZero();
        // 300 ms of lane time: 30 % of a thread over the 1 s floor, three times the quota: the next is throttled
        CompletableFuture<ApiMessage> second = processor.process(metadataRequest("admin")).toCompletableFuture();
        lane.poll().run();
        assertThat(ThrottleTime.of(second.join())).isEqualTo(1000);
        // a task submitted outside a client's request is not timed for anyone
        timedLane.execute(() -> clock.addAndGet(5_000 * MS));
        lane.poll().run();
        CompletableFuture<ApiMessage> other = processor.process(metadataRequest("other")).toCompletableFuture();
        lane.poll().run();
        assertThat(ThrottleTime.of(other.join())).isZero();
    }

    @Test
    void throttleTimeIsReadAndRaisedOnAnyResponseThatCarriesOne() {
        ApiVersionsResponseData versions = new ApiVersionsResponseData().setThrottleTimeMs(5);
        assertThat(ThrottleTime.raise(versions, 3)).isTrue();
        assertThat(versions.throttleTimeMs()).isEqualTo(5);
        assertThat(ThrottleTime.raise(versions, 40)).isTrue();
        assertThat(ThrottleTime.of(versions)).isEqualTo(40);
        assertThat(ThrottleTime.raise(new org.apache.kafka.common.message.SaslHandshakeResponseData(), 40))
                .isFalse();
    }

    /** Quotas kept in {@code dir} with {@code request_percentage} for client id {@code clientId}. */
    private static ClientQuotas requestPercentage(Path dir, String clientId, double percentage) {
        ClientQuotas quotas = new ClientQuotas(new QuotaFile(dir));
        quotas.alter(Map.of(QuotaEntity.of(null, clientId, false, true),
                Map.of(ClientQuotas.REQUEST_PERCENTAGE, percentage)), Map.of());
        return quotas;
    }

    private static KafkaRequest metadataRequest(String clientId) {
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, (short) 12, clientId, 1);
        return new KafkaRequest(new RequestContext(header, "c1", InetAddress.getLoopbackAddress(), "PLAINTEXT"),
                new MetadataRequest(new MetadataRequestData(), (short) 12), null);
    }
}
