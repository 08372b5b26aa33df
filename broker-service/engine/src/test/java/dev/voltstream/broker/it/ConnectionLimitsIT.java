package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * The listener's bounds on connections and on the memory of requests in flight, each tried by a client that exceeds
 * it: the connection is refused or closed, or the broker stops reading until memory returns, and other clients are
 * served throughout.
 */
class ConnectionLimitsIT {
    @TempDir
    static Path dir;
    /** Per-address override of 3 connections; a request memory pool of 1000 bytes. */
    static TestBroker limited;
    /** max.connections=2. */
    static TestBroker small;
    /** An idle deadline of 3 s, a partial-request deadline of 1 s. */
    static TestBroker impatient;

    @BeforeAll
    static void start() {
        limited = TestBroker.start(dir.resolve("limited"), Map.of("max.connections.per.ip", "100",
                "max.connections.per.ip.overrides", "127.0.0.1:3", "queued.max.request.bytes", "1000"));
        small = TestBroker.start(dir.resolve("small"), Map.of("max.connections", "2"));
        impatient = TestBroker.start(dir.resolve("impatient"), Map.of("connections.max.idle.ms", "3000",
                "socket.partial.request.timeout.ms", "1000"));
    }

    @AfterAll
    static void stop() {
        limited.close();
        small.close();
        impatient.close();
    }

    @AfterEach
    void allConnectionsGone() {
        for (TestBroker broker : List.of(limited, small, impatient)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().server().openConnections() == 0);
        }
    }

    private static boolean answersApiVersions(RawKafkaClient client) throws IOException {
        return client.call(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                .setClientSoftwareName("test").setClientSoftwareVersion("1")) instanceof ApiVersionsResponseData r
                && r.errorCode() == 0;
    }

    @Test
    void aConnectionAboveTheAddressOverrideIsClosedAndTheOthersKeepWorking() throws Exception {
        List<RawKafkaClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(new RawKafkaClient(limited.port()));
                assertThat(answersApiVersions(clients.get(i))).isTrue();
            }
            try (RawKafkaClient fourth = new RawKafkaClient(limited.port())) {
                assertThat(fourth.closedByBroker()).isTrue();
            }
            assertThat(answersApiVersions(clients.get(0))).isTrue();
            clients.remove(2).close();
            await().atMost(Duration.ofSeconds(10)).until(() -> limited.broker().server().openConnections() == 2);
            try (RawKafkaClient again = new RawKafkaClient(limited.port())) {
                assertThat(answersApiVersions(again)).isTrue();
            }
        } finally {
            for (RawKafkaClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void aConnectionAboveMaxConnectionsIsClosed() throws Exception {
        try (RawKafkaClient one = new RawKafkaClient(small.port());
             RawKafkaClient two = new RawKafkaClient(small.port())) {
            assertThat(answersApiVersions(one)).isTrue();
            assertThat(answersApiVersions(two)).isTrue();
            try (RawKafkaClient three = new RawKafkaClient(small.port())) {
                assertThat(three.closedByBroker()).isTrue();
            }
            assertThat(answersApiVersions(one)).isTrue();
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterConnectionsMaxIdleMs() throws Exception {
        try (RawKafkaClient idle = new RawKafkaClient(impatient.port())) {
            assertThat(answersApiVersions(idle)).isTrue();
            assertThat(idle.closedByBroker()).isTrue();
        }
    }

    @Test
    void aClientThatSendsHalfAFrameAndStallsIsClosedWhileOthersAreServed() throws Exception {
        try (RawKafkaClient stalled = new RawKafkaClient(impatient.port())) {
            stalled.sendRaw(ByteBuffer.allocate(14).putInt(100).putShort(ApiKeys.METADATA.id).array());
            try (RawKafkaClient other = new RawKafkaClient(impatient.port())) {
                assertThat(answersApiVersions(other)).isTrue();
            }
            assertThat(stalled.closedByBroker()).isTrue();
        }
    }

    @Test
    void withTheRequestMemoryUsedUpOtherConnectionsWaitAndAreServedOnceItReturns() throws Exception {
        try (RawKafkaClient hog = new RawKafkaClient(limited.port());
             RawKafkaClient waiting = new RawKafkaClient(limited.port())) {
            // announces a 5000-byte frame (more than the whole pool) and sends only part of it
            hog.sendRaw(ByteBuffer.allocate(104).putInt(5000).array());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> limited.broker().server().queuedRequestBytes() >= 1000);
            int id = waiting.send(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                    .setClientSoftwareName("test").setClientSoftwareVersion("1"));
            waiting.readTimeout(500);
            boolean answeredEarly;
            try {
                waiting.receiveFrame();
                answeredEarly = true;
            } catch (SocketTimeoutException e) {
                answeredEarly = false;
            }
            assertThat(answeredEarly).as("served while the pool was exhausted").isFalse();
            hog.close();
            waiting.readTimeout(10_000);
            assertThat(waiting.receive(ApiKeys.API_VERSIONS, (short) 3, id)).isInstanceOf(ApiVersionsResponseData.class);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> limited.broker().server().queuedRequestBytes() == 0);
    }

    @Test
    void hundredsOfPipelinedRequestsAreAllAnsweredInOrderDespiteTheInFlightCap() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(small.port())) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ids.add(client.send(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                        .setClientSoftwareName("test").setClientSoftwareVersion("1")));
            }
            for (int id : ids) {
                assertThat(client.receive(ApiKeys.API_VERSIONS, (short) 3, id)).isNotNull();
            }
        }
    }
}
