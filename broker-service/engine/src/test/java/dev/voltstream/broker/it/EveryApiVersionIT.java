package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.Requests;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * Every API the broker advertises answers at every advertised version: a response comes back (possibly carrying an
 * error code), never a closed connection. Requests naming a topic name a real one, so version-specific response
 * fields (e.g. ListOffsets' leader epoch from v4) are exercised.
 */
class EveryApiVersionIT {
    @TempDir
    static Path dir;
    static TestBroker broker;
    static List<ApiVersionsResponseData.ApiVersion> advertised;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir);
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            client.call(ApiKeys.CREATE_TOPICS, (short) 7, Requests.createTopic("t", 1, Map.of()));
            ApiVersionsResponseData versions = (ApiVersionsResponseData) client.call(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("test").setClientSoftwareVersion("1"));
            advertised = new ArrayList<>(versions.apiKeys());
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Stream<Arguments> advertisedVersions() throws Exception {
        if (advertised == null) {
            start();
        }
        List<Arguments> cases = new ArrayList<>();
        for (ApiVersionsResponseData.ApiVersion api : advertised) {
            for (short v = api.minVersion(); v <= api.maxVersion(); v++) {
                cases.add(Arguments.of(ApiKeys.forId(api.apiKey()), v));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("advertisedVersions")
    void answersWithoutClosingTheConnection(ApiKeys api, short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ApiMessage response = client.call(api, version, requestFor(api, version));
            assertThat(response).isNotNull();
        }
    }

    private static ApiMessage requestFor(ApiKeys api, short version) {
        switch (api) {
            case PRODUCE:
                // acks=0 (the default) has no response by design.
                return new org.apache.kafka.common.message.ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
            case METADATA:
                return new MetadataRequestData().setTopics(List.of(new MetadataRequestData.MetadataRequestTopic()
                        .setName("t")));
            case LIST_OFFSETS: {
                ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1);
                request.topics().add(new ListOffsetsRequestData.ListOffsetsTopic().setName("t").setPartitions(List.of(
                        new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1))));
                return request;
            }
            case FETCH: {
                FetchRequestData request = new FetchRequestData().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20)
                        .setReplicaId(-1).setSessionEpoch(-1);
                request.topics().add(new FetchRequestData.FetchTopic().setTopic("t")
                        .setTopicId(broker.broker().components().topics().registry().byName("t").orElseThrow().id())
                        .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                .setPartitionMaxBytes(1 << 20))));
                return request;
            }
            default:
                return ApiMessageType.fromApiKey(api.id).newRequest();
        }
    }
}
