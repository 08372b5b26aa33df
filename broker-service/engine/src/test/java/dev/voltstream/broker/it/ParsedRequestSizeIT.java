package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.BrokerProcess;
import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.Requests;
import dev.voltstream.broker.testkit.TestBroker;
import dev.voltstream.broker.testkit.TinyEntriesProduceFrame;

/**
 * {@code request.max.parsed.bytes}: a well-formed Produce frame of tiny partition entries, which would parse into
 * about eight times its size in objects, closes its connection once the estimate passes the bound, while other clients
 * are served; and a broker with a 512 MB heap survives several such frames of 100 MB at once.
 */
class ParsedRequestSizeIT {
    @TempDir
    Path dir;

    private static boolean answersApiVersions(RawKafkaClient client) throws Exception {
        return client.call(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                .setClientSoftwareName("test").setClientSoftwareVersion("1")) instanceof ApiVersionsResponseData r
                && r.errorCode() == 0;
    }

    @Test
    void aFrameOfTinyEntriesClosesItsConnectionAndOtherClientsAreServed() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of("request.max.parsed.bytes", "1048576"));
             RawKafkaClient other = new RawKafkaClient(broker.port());
             RawKafkaClient hostile = new RawKafkaClient(broker.port())) {
            assertThat(answersApiVersions(other)).isTrue();
            other.call(ApiKeys.CREATE_TOPICS, (short) 7, Requests.createTopic("after", 1, Map.of()));
            hostile.sendRaw(TinyEntriesProduceFrame.build(8 << 20));
            assertThat(hostile.closedByBroker()).isTrue();
            assertThat(answersApiVersions(other)).isTrue();
            ProduceResponseData produced = (ProduceResponseData) other.call(ApiKeys.PRODUCE, (short) 9,
                    Requests.produce("after", 0, MemoryRecords.withRecords(Compression.NONE,
                            new SimpleRecord("v".getBytes()))));
            assertThat(produced.responses().iterator().next().partitionResponses().get(0).errorCode())
                    .isZero();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> broker.broker().server().queuedRequestBytes() == 0);
        }
    }

    @Test
    void aBrokerWithA512MbHeapSurvivesThreeHundredMegabyteFramesOfTinyEntries() throws Exception {
        int port = BrokerProcess.freePort();
        Path props = dir.resolve("server.properties");
        Files.writeString(props, "node.id=1\nlisteners=PLAINTEXT://127.0.0.1:" + port + "\nlog.dirs="
                + dir.resolve("logs") + "\nrequest.max.parsed.bytes=" + System.getProperty("parsedMax", "16777216") + "\n"); // every limit at its default: 100 MB frames and request pool
        Process broker = BrokerProcess.start(props, List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
        try (RawKafkaClient probe = new RawKafkaClient(port)) {
            byte[] frame = TinyEntriesProduceFrame.build(100 * 1024 * 1024);
            List<CompletableFuture<Boolean>> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sent.add(CompletableFuture.supplyAsync(() -> {
                    try (RawKafkaClient hostile = new RawKafkaClient(port)) {
                        hostile.readTimeout(60_000);
                        hostile.sendRaw(frame);
                        return hostile.closedByBroker();
                    } catch (Exception e) {
                        return true; // the broker closed the connection before all was sent
                    }
                }));
            }
            for (CompletableFuture<Boolean> s : sent) {
                assertThat(s.get()).as("connection closed by the broker").isTrue();
            }
            assertThat(broker.isAlive()).isTrue();
            assertThat(answersApiVersions(probe)).isTrue();
            assertThat(Files.readString(props.resolveSibling("broker.out")))
                    .doesNotContain("OutOfMemoryError")
                    .contains("request.max.parsed.bytes=16777216");
        } finally {
            broker.destroy();
            broker.waitFor();
        }
    }
}
