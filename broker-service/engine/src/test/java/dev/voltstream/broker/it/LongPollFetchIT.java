package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.Requests;
import dev.voltstream.broker.testkit.TestBroker;

/** Fetch honours max.wait.ms and min.bytes: it waits for data, and answers as soon as enough arrived. */
class LongPollFetchIT {
    @TempDir
    Path dir;
    TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(dir);
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            client.call(ApiKeys.CREATE_TOPICS, (short) 7, Requests.createTopic("lp", 1, Map.of()));
        }
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void aWaitingFetchAnswersWhenARecordIsAppended() throws Exception {
        try (RawKafkaClient consumer = new RawKafkaClient(broker.port());
             RawKafkaClient producer = new RawKafkaClient(broker.port())) {
            long start = System.nanoTime();
            int id = consumer.send(ApiKeys.FETCH, (short) 12, fetch(20_000, 1));
            producer.call(ApiKeys.PRODUCE, (short) 9, Requests.produce("lp", 0,
                    MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("x".getBytes()))));
            FetchResponseData response = (FetchResponseData) consumer.receive(ApiKeys.FETCH, (short) 12, id);

            assertThat(response.responses().get(0).partitions().get(0).records().sizeInBytes()).isPositive();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aFetchWithNothingToReadWaitsMaxWaitMs() throws Exception {
        try (RawKafkaClient consumer = new RawKafkaClient(broker.port())) {
            long start = System.nanoTime();
            FetchResponseData response = (FetchResponseData) consumer.call(ApiKeys.FETCH, (short) 12, fetch(400, 1));

            assertThat(response.responses().get(0).partitions().get(0).records().sizeInBytes()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(380));
        }
    }

    private static FetchRequestData fetch(int maxWaitMs, int minBytes) {
        FetchRequestData request = new FetchRequestData().setMaxWaitMs(maxWaitMs).setMinBytes(minBytes)
                .setMaxBytes(1 << 20).setReplicaId(-1).setSessionEpoch(-1);
        request.topics().add(new FetchRequestData.FetchTopic().setTopic("lp").setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(1 << 20))));
        return request;
    }
}
