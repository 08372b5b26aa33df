package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.Requests;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * Each bound on what one request may create or allocate, exercised by a request that exceeds it: Kafka's error where
 * Kafka has one, a closed connection where the request cannot be parsed. One broker with small limits serves all.
 */
class RequestLimitsIT {
    private static final int MAX_PARTITIONS = 40;

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("max.partitions", Integer.toString(MAX_PARTITIONS),
                "fetch.max.bytes", "4096", "group.consumer.max.size", "1", "auto.create.topics.enable", "true"));
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            create(client, Requests.createTopic("data", 1, Map.of()), "data");
            for (int i = 0; i < 20; i++) {
                byte[] value = new byte[1000];
                client.call(ApiKeys.PRODUCE, (short) 9, Requests.produce("data", 0,
                        MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(value))));
            }
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static CreateTopicsResponseData create(RawKafkaClient client, CreateTopicsRequestData request,
                                                   String expectOk) throws Exception {
        CreateTopicsResponseData response = (CreateTopicsResponseData) client.call(ApiKeys.CREATE_TOPICS, (short) 7,
                request);
        if (expectOk != null) {
            assertThat(response.topics().find(expectOk).errorCode()).isZero();
        }
        return response;
    }

    @Test
    void createTopicsAskingForMoreThanTenThousandPartitionsIsAPolicyViolationForEveryTopic() throws Exception {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(5000);
        request.topics().add(new CreatableTopic().setName("big-a").setNumPartitions(5000)
                .setReplicationFactor((short) 1));
        request.topics().add(new CreatableTopic().setName("big-b").setNumPartitions(5001)
                .setReplicationFactor((short) 1));
        request.topics().add(new CreatableTopic().setName("small").setNumPartitions(1)
                .setReplicationFactor((short) 1));
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            CreateTopicsResponseData response = create(client, request, null);
            assertThat(response.topics()).hasSize(3).allSatisfy(t -> {
                assertThat(t.errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
                assertThat(t.errorMessage()).isEqualTo("Excessively large number of partitions per request.");
            });
        }
        assertThat(broker.broker().components().topics().registry().byName("small")).isEmpty();
    }

    @Test
    void createPartitionsAddingMoreThanTenThousandIsAPolicyViolation() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            create(client, Requests.createTopic("grow", 1, Map.of()), "grow");
            CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(5000);
            request.topics().add(new CreatePartitionsTopic().setName("grow").setCount(10_002).setAssignments(null));
            CreatePartitionsResponseData response = (CreatePartitionsResponseData) client.call(
                    ApiKeys.CREATE_PARTITIONS, (short) 3, request);
            assertThat(response.results().get(0).errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
        }
        assertThat(broker.broker().components().topics().existing("grow").partitions()).isEqualTo(1);
    }

    @Test
    void theBrokerWidePartitionLimitRefusesCreationsAutoCreationsAndGrowth() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            CreateTopicsResponseData over = create(client,
                    Requests.createTopic("too-many", MAX_PARTITIONS + 1, Map.of()), null);
            assertThat(over.topics().find("too-many").errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
            assertThat(over.topics().find("too-many").errorMessage()).contains("max.partitions=" + MAX_PARTITIONS);

            create(client, Requests.createTopic("filler", MAX_PARTITIONS - totalPartitions(), Map.of()), "filler");
            MetadataResponseData metadata = (MetadataResponseData) client.call(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData().setAllowAutoTopicCreation(true).setTopics(List.of(
                            new MetadataRequestData.MetadataRequestTopic().setName("auto-one"))));
            assertThat(metadata.topics().find("auto-one").errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());

            CreatePartitionsRequestData grow = new CreatePartitionsRequestData().setTimeoutMs(5000);
            grow.topics().add(new CreatePartitionsTopic().setName("data").setCount(2).setAssignments(null));
            CreatePartitionsResponseData grown = (CreatePartitionsResponseData) client.call(
                    ApiKeys.CREATE_PARTITIONS, (short) 3, grow);
            assertThat(grown.results().get(0).errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
        } finally {
            broker.broker().components().topics().delete("filler");
        }
        assertThat(totalPartitions()).isLessThanOrEqualTo(MAX_PARTITIONS);
    }

    private static int totalPartitions() {
        return broker.broker().components().topics().registry().all().stream().mapToInt(t -> t.partitions()).sum();
    }

    @Test
    void aTopicNameLongerThan249CharactersIsAnInvalidTopic() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            String name = "n".repeat(250);
            CreateTopicsResponseData response = create(client, Requests.createTopic(name, 1, Map.of()), null);
            assertThat(response.topics().find(name).errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        }
    }

    @Test
    void anArrayCountBeyondTheFrameClosesTheConnectionWithoutAllocatingIt() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            short version = 4; // int32 array lengths
            ByteBuffer header = MessageUtil.toByteBufferAccessor(new RequestHeaderData()
                    .setRequestApiKey(ApiKeys.CREATE_TOPICS.id).setRequestApiVersion(version)
                    .setClientId("liar").setCorrelationId(1), ApiKeys.CREATE_TOPICS.requestHeaderVersion(version))
                    .buffer();
            // a 2 GiB-element topics array announced in a 64 KiB frame
            ByteBuffer frame = ByteBuffer.allocate(header.remaining() + 65_536);
            frame.put(header).putInt(Integer.MAX_VALUE - 1);
            client.sendRefusedFrame(frame.array());
            assertThat(client.closedByBroker()).isTrue();
        }
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            assertThat(client.call(ApiKeys.API_VERSIONS, (short) 3,
                    new org.apache.kafka.common.message.ApiVersionsRequestData())).isNotNull();
        }
    }

    @Test
    void aFrameAboveOneMebibyteIsRefusedForEveryApiButProduce() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ByteBuffer frame = ByteBuffer.allocate(2 << 20);
            frame.putShort(ApiKeys.METADATA.id).putShort((short) 12).putInt(1);
            client.sendRefusedFrame(frame.array());
            assertThat(client.closedByBroker()).isTrue();
        }
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            byte[] value = new byte[(2 << 20) - 200];
            org.apache.kafka.common.message.ProduceResponseData response =
                    (org.apache.kafka.common.message.ProduceResponseData) client.call(ApiKeys.PRODUCE, (short) 9,
                            Requests.produce("data", 0, MemoryRecords.withRecords(Compression.NONE,
                                    new SimpleRecord(value))));
            assertThat(Requests.errorOf(response)).isEqualTo(Errors.MESSAGE_TOO_LARGE);
        }
    }

    @Test
    void aFetchResponseIsCappedAtFetchMaxBytesWhateverTheRequestAsks() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                    .setMaxBytes(Integer.MAX_VALUE).setIsolationLevel((byte) 0);
            request.topics().add(new FetchRequestData.FetchTopic().setTopic("data").setPartitions(List.of(
                    new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                            .setPartitionMaxBytes(Integer.MAX_VALUE))));
            FetchResponseData response = (FetchResponseData) client.call(ApiKeys.FETCH, (short) 12, request);
            FetchResponseData.PartitionData data = response.responses().get(0).partitions().get(0);
            assertThat(data.errorCode()).isZero();
            int bytes = ((org.apache.kafka.common.record.BaseRecords) data.records()).sizeInBytes();
            assertThat(bytes).isPositive().isLessThanOrEqualTo(4096);
        }
    }

    @Test
    void aConsumerGroupAtGroupConsumerMaxSizeRefusesANewMember() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ConsumerGroupHeartbeatResponseData first = heartbeat(client, "member-one");
            assertThat(first.errorCode()).isZero();
            ConsumerGroupHeartbeatResponseData second = heartbeat(client, "member-two");
            assertThat(second.errorCode()).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED.code());
            assertThat(second.errorMessage()).contains("maximum capacity of 1 members");
        }
    }

    private static ConsumerGroupHeartbeatResponseData heartbeat(RawKafkaClient client, String memberId)
            throws Exception {
        return (ConsumerGroupHeartbeatResponseData) client.call(ApiKeys.CONSUMER_GROUP_HEARTBEAT, (short) 0,
                new ConsumerGroupHeartbeatRequestData().setGroupId("capped").setMemberId(memberId).setMemberEpoch(0)
                        .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("data"))
                        .setTopicPartitions(List.of()));
    }
}
