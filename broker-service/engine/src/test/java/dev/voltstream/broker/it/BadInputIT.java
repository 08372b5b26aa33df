package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.TestBroker;
import dev.voltstream.broker.testkit.Requests;

/** Every kind of bad input gets Kafka's answer (an error code or a closed connection) and the broker keeps working. */
class BadInputIT {
    @TempDir
    Path dir;
    TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("socket.request.max.bytes", "1048576",
                "auto.create.topics.enable", "false"));
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            CreateTopicsResponseData created = (CreateTopicsResponseData) client.call(ApiKeys.CREATE_TOPICS, (short) 7,
                    Requests.createTopic("t", 1, Map.of("max.message.bytes", "2000")));
            assertThat(created.topics().find("t").errorCode()).isZero();
        }
    }

    @AfterEach
    void stop() throws Exception {
        assertBrokerStillAnswers();
        broker.close();
    }

    @Test
    void aFrameLargerThanSocketRequestMaxBytesClosesTheConnection() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            client.sendRaw(ByteBuffer.allocate(8).putInt(2 * 1024 * 1024).putInt(0).array());
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void aMalformedRequestClosesTheConnection() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ByteBuffer header = MessageUtil.toByteBufferAccessor(new RequestHeaderData()
                    .setRequestApiKey(ApiKeys.METADATA.id).setRequestApiVersion((short) 12)
                    .setClientId("bad").setCorrelationId(1), ApiKeys.METADATA.requestHeaderVersion((short) 12)).buffer();
            byte[] frame = new byte[header.remaining() + 3];
            header.get(frame, 0, header.remaining());
            frame[frame.length - 3] = (byte) 0x7f; // topics array length far beyond the frame
            frame[frame.length - 2] = (byte) 0xff;
            client.sendFrame(frame);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void anUnknownApiKeyClosesTheConnection() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            client.sendFrame(ByteBuffer.allocate(10).putShort((short) 999).putShort((short) 0).putInt(1)
                    .putShort((short) -1).array());
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void anApiVersionsRequestAboveOurVersionGetsUnsupportedVersionWithOurRanges() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            short tooNew = (short) (ApiKeys.API_VERSIONS.latestVersion() + 1);
            ByteBuffer header = MessageUtil.toByteBufferAccessor(new RequestHeaderData()
                    .setRequestApiKey(ApiKeys.API_VERSIONS.id).setRequestApiVersion(tooNew)
                    .setClientId("future").setCorrelationId(3), (short) 2).buffer();
            byte[] frame = new byte[header.remaining() + 1];
            header.get(frame, 0, header.remaining());
            client.sendFrame(frame);
            ByteBuffer response = ByteBuffer.wrap(client.receiveFrame());
            assertThat(response.getInt()).isEqualTo(3);
            ApiVersionsResponseData data = new ApiVersionsResponseData(
                    new org.apache.kafka.common.protocol.ByteBufferAccessor(response), (short) 0);
            assertThat(data.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(data.apiKeys().find(ApiKeys.PRODUCE.id)).isNotNull();
        }
    }

    @Test
    void aBatchWithABadCrcIsRejectedAndNothingIsAppended() throws Exception {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("good".getBytes()));
        ByteBuffer corrupted = records.buffer().duplicate();
        corrupted.put(corrupted.limit() - 1, (byte) (corrupted.get(corrupted.limit() - 1) ^ 0x55));
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ProduceResponseData response = (ProduceResponseData) client.call(ApiKeys.PRODUCE, (short) 9,
                    Requests.produce("t", 0, MemoryRecords.readableRecords(corrupted)));
            assertThat(Requests.errorOf(response)).isEqualTo(Errors.CORRUPT_MESSAGE);
        }
        assertThat(broker.broker().components().replicas().partition(new org.apache.kafka.common.TopicPartition("t", 0))
                .orElseThrow().logEndOffset()).isZero();
    }

    @Test
    void aBatchOverMaxMessageBytesGetsMessageTooLarge() throws Exception {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(new byte[5000]));
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ProduceResponseData response = (ProduceResponseData) client.call(ApiKeys.PRODUCE, (short) 9,
                    Requests.produce("t", 0, records));
            assertThat(Requests.errorOf(response)).isEqualTo(Errors.MESSAGE_TOO_LARGE);
        }
    }

    @Test
    void anInvalidTopicNameGetsInvalidTopicException() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            CreateTopicsResponseData created = (CreateTopicsResponseData) client.call(ApiKeys.CREATE_TOPICS, (short) 7,
                    Requests.createTopic("bad name!", 1, Map.of()));
            assertThat(created.topics().find("bad name!").errorCode())
                    .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
            MetadataResponseData metadata = (MetadataResponseData) client.call(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData().setTopics(List.of(
                            new MetadataRequestData.MetadataRequestTopic().setName("bad name!"))));
            assertThat(metadata.topics().find("bad name!").errorCode())
                    .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        }
    }

    @Test
    void anUnknownTopicWithAutoCreateOffGetsUnknownTopicOrPartition() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            MetadataResponseData metadata = (MetadataResponseData) client.call(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData().setAllowAutoTopicCreation(true).setTopics(List.of(
                            new MetadataRequestData.MetadataRequestTopic().setName("nope"))));
            assertThat(metadata.topics().find("nope").errorCode())
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            ProduceResponseData produced = (ProduceResponseData) client.call(ApiKeys.PRODUCE, (short) 9,
                    Requests.produce("nope", 0, MemoryRecords.withRecords(Compression.NONE,
                            new SimpleRecord("x".getBytes()))));
            assertThat(Requests.errorOf(produced)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    @Test
    void aFetchOutOfRangeGetsOffsetOutOfRange() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            FetchRequestData request = new FetchRequestData().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20)
                    .setReplicaId(-1).setSessionEpoch(-1);
            request.topics().add(new FetchRequestData.FetchTopic().setTopic("t").setPartitions(List.of(
                    new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(1000)
                            .setPartitionMaxBytes(1 << 20))));
            FetchResponseData response = (FetchResponseData) client.call(ApiKeys.FETCH, (short) 12, request);
            assertThat(response.responses().get(0).partitions().get(0).errorCode())
                    .isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        }
    }

    private void assertBrokerStillAnswers() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ApiVersionsResponseData versions = (ApiVersionsResponseData) client.call(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("test").setClientSoftwareVersion("1.0"));
            assertThat(versions.errorCode()).isZero();
        }
    }
}
