package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.voltstream.broker.testkit.ClassicMember;
import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.Requests;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * Protocol conformance: every API the broker advertises answers at every advertised version, and the answer is exactly
 * what kafka-clients' schema for that version reads ({@link RawKafkaClient} parses strictly: no byte left over, no
 * unknown tagged field, and re-written at the same version it is byte-for-byte what was received — so a field sent
 * for a version that lacks it, or one missing where the version requires it, fails). Requests are kafka-clients'
 * generated request messages at that version and, wherever the API has one, name a real topic or group, so
 * version-specific response fields (ListOffsets' leader epoch from v4, OffsetFetch's groups from v8, topic ids from
 * Fetch v13 / OffsetCommit v10 / Produce v13, ...) are exercised rather than an empty answer.
 */
class EveryApiVersionIT {
    @TempDir
    static Path dir;
    static TestBroker broker;
    static List<ApiVersionsResponseData.ApiVersion> advertised;

    @BeforeAll
    static void start() throws Exception {
        // JoinGroup is sent to a new group at every version: no idle wait for more members.
        broker = TestBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "0"));
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            client.call(ApiKeys.CREATE_TOPICS, (short) 7, Requests.createTopic("t", 1, Map.of()));
            // group "g" exists (with a committed offset) whatever order the cases run in
            client.call(ApiKeys.OFFSET_COMMIT, (short) 9, requestFor(ApiKeys.OFFSET_COMMIT, (short) 9));
            // and so does KIP-848 group "cg", with a member that owns t-0
            client.call(ApiKeys.CONSUMER_GROUP_HEARTBEAT, (short) 1, consumerJoin("cg"));
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
            ApiKeys key = ApiKeys.forId(api.apiKey());
            // Produce v0-2 are listed but not served (see the test below)
            for (short v = (short) Math.max(api.minVersion(), key.oldestVersion()); v <= api.maxVersion(); v++) {
                cases.add(Arguments.of(key, v));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("advertisedVersions")
    void answersWithoutClosingTheConnection(ApiKeys api, short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ApiMessage response = switch (api) {
                case JOIN_GROUP, SYNC_GROUP, HEARTBEAT, LEAVE_GROUP -> asGroupMember(client, api, version);
                default -> client.call(api, version, requestFor(api, version));
            };
            assertThat(response).isNotNull();
        }
    }

    /**
     * The classic group APIs answer a real member (an empty request only gets an error): a lone member of a group of
     * its own joins (at this version for JoinGroup, at the newest otherwise), syncs and heartbeats; each answer must be
     * NONE.
     */
    private static ApiMessage asGroupMember(RawKafkaClient client, ApiKeys api, short version) throws IOException {
        String group = api.name().toLowerCase() + "-v" + version;
        short latestJoin = ApiKeys.JOIN_GROUP.latestVersion();
        ClassicMember member = ClassicMember.join(client, group, api == ApiKeys.JOIN_GROUP ? version : latestJoin);
        if (api == ApiKeys.JOIN_GROUP) {
            assertThat(member.joinAnswer().leader()).isEqualTo(member.memberId());
            assertThat(member.joinAnswer().members()).hasSize(1);
            return member.joinAnswer();
        }
        short syncVersion = api == ApiKeys.SYNC_GROUP ? version : ApiKeys.SYNC_GROUP.latestVersion();
        SyncGroupResponseData synced = (SyncGroupResponseData) client.call(ApiKeys.SYNC_GROUP, syncVersion,
                member.sync(new byte[] {7}, syncVersion));
        assertThat(Errors.forCode(synced.errorCode())).isEqualTo(Errors.NONE);
        assertThat(synced.assignment()).containsExactly(7);
        return switch (api) {
            case SYNC_GROUP -> synced;
            case HEARTBEAT -> {
                HeartbeatResponseData beat = (HeartbeatResponseData) client.call(api, version, member.heartbeat());
                assertThat(Errors.forCode(beat.errorCode())).isEqualTo(Errors.NONE);
                yield beat;
            }
            default -> {
                LeaveGroupResponseData left = (LeaveGroupResponseData) client.call(api, version, member.leave(version));
                assertThat(Errors.forCode(left.errorCode())).isEqualTo(Errors.NONE);
                yield left;
            }
        };
    }

    /**
     * As Apache Kafka 4 (KAFKA-18659): ApiVersions lists Produce from v0, so older librdkafka keeps compressing, but a
     * Produce v0-2 request is refused by closing the connection.
     */
    @Test
    void produceIsListedFromV0ButV0To2AreRefused() throws Exception {
        ApiVersionsResponseData.ApiVersion produce = advertised.stream()
                .filter(api -> api.apiKey() == ApiKeys.PRODUCE.id).findFirst().orElseThrow();
        assertThat(produce.minVersion()).isZero();
        assertThat(produce.maxVersion()).isEqualTo(ApiKeys.PRODUCE.latestVersion());
        for (short version = 0; version < ApiKeys.PRODUCE.oldestVersion(); version++) {
            try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
                byte[] header = MessageUtil.toByteBufferAccessor(new RequestHeaderData()
                        .setRequestApiKey(ApiKeys.PRODUCE.id).setRequestApiVersion(version).setClientId("old")
                        .setCorrelationId(1), (short) 1).buffer().array();
                // acks=1, timeout, no topics: the v0-2 body layout
                byte[] body = {0, 1, 0, 0, 3, (byte) 0xe8, 0, 0, 0, 0};
                byte[] frame = new byte[header.length + body.length];
                System.arraycopy(header, 0, frame, 0, header.length);
                System.arraycopy(body, 0, frame, header.length, body.length);
                client.sendFrame(frame);
                assertThat(client.closedByBroker()).as("Produce v%d refused", version).isTrue();
            }
        }
    }

    /** The strict parse is not vacuous: an answer written for v1 (with v1's throttle time) to a v0 request fails. */
    @Test
    void anAnswerCarryingFieldsItsVersionLacksFailsTheStrictParse() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> fake = CompletableFuture.runAsync(() -> {
                try (Socket socket = server.accept()) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    in.readFully(new byte[in.readInt()]);
                    ByteBuffer header = MessageUtil.toByteBufferAccessor(new ResponseHeaderData().setCorrelationId(1),
                            (short) 0).buffer();
                    ByteBuffer body = MessageUtil.toByteBufferAccessor(new ApiVersionsResponseData()
                            .setThrottleTimeMs(5), (short) 1).buffer();
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    out.writeInt(header.remaining() + body.remaining());
                    out.write(header.array(), header.arrayOffset() + header.position(), header.remaining());
                    out.write(body.array(), body.arrayOffset() + body.position(), body.remaining());
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (RawKafkaClient client = new RawKafkaClient(server.getLocalPort())) {
                assertThatThrownBy(() -> client.call(ApiKeys.API_VERSIONS, (short) 0, new ApiVersionsRequestData()))
                        .hasMessageContaining("API_VERSIONS v0 response has").hasMessageContaining("after its fields");
            }
            fake.get(10, TimeUnit.SECONDS);
        }
    }

    /** A KIP-848 member joining (epoch 0) with a client-made member id, subscribed to "t". */
    private static ConsumerGroupHeartbeatRequestData consumerJoin(String group) {
        return new ConsumerGroupHeartbeatRequestData().setGroupId(group).setMemberId(Uuid.randomUuid().toString())
                .setMemberEpoch(0).setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("t"))
                .setTopicPartitions(List.of());
    }

    private static Uuid topicId() {
        return broker.broker().components().topics().registry().byName("t").orElseThrow().id();
    }

    private static ApiMessage requestFor(ApiKeys api, short version) {
        switch (api) {
            case PRODUCE: {
                // acks=0 (the default) has no response by design.
                ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData()
                        .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                                .setRecords(MemoryRecords.withRecords(Compression.NONE,
                                        new SimpleRecord("k".getBytes(), "v".getBytes())))));
                if (version >= 13) {
                    topic.setTopicId(topicId());
                } else {
                    topic.setName("t");
                }
                ProduceRequestData request = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
                request.topicData().add(topic);
                return request;
            }
            case FIND_COORDINATOR:
                return version >= 4 ? new FindCoordinatorRequestData().setCoordinatorKeys(List.of("g"))
                        : new FindCoordinatorRequestData().setKey("g");
            case OFFSET_COMMIT: {
                OffsetCommitRequestData.OffsetCommitRequestTopic topic =
                        new OffsetCommitRequestData.OffsetCommitRequestTopic().setPartitions(List.of(
                                new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                                        .setCommittedOffset(0).setCommittedMetadata("m")));
                if (version >= 10) {
                    topic.setTopicId(topicId());
                } else {
                    topic.setName("t");
                }
                return new OffsetCommitRequestData().setGroupId("g").setTopics(List.of(topic));
            }
            case OFFSET_FETCH: {
                if (version < 8) {
                    return new OffsetFetchRequestData().setGroupId("g").setTopics(List.of(
                            new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("t")
                                    .setPartitionIndexes(List.of(0))));
                }
                OffsetFetchRequestData.OffsetFetchRequestTopics topic =
                        new OffsetFetchRequestData.OffsetFetchRequestTopics().setPartitionIndexes(List.of(0));
                if (version >= 10) {
                    topic.setTopicId(topicId());
                } else {
                    topic.setName("t");
                }
                return new OffsetFetchRequestData().setGroups(List.of(
                        new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("g").setTopics(List.of(topic))));
            }
            case DESCRIBE_GROUPS:
                return new DescribeGroupsRequestData().setGroups(List.of("g", "no-such-group"));
            case LIST_GROUPS:
                return new ListGroupsRequestData();
            case CONSUMER_GROUP_HEARTBEAT:
                return consumerJoin("cg-v" + version);
            case CONSUMER_GROUP_DESCRIBE:
                return new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g", "cg"));
            case DESCRIBE_CONFIGS:
                return new DescribeConfigsRequestData().setResources(List.of(
                        new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 2)
                                .setResourceName("t").setConfigurationKeys(List.of("retention.ms", "cleanup.policy")),
                        new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 4)
                                .setResourceName("1").setConfigurationKeys(List.of("log.retention.hours"))));
            case OFFSET_FOR_LEADER_EPOCH: {
                OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
                        new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
                topics.add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("t").setPartitions(
                        List.of(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                                .setLeaderEpoch(0))));
                return new OffsetForLeaderEpochRequestData().setReplicaId(-1).setTopics(topics);
            }
            case DESCRIBE_PRODUCERS:
                return new DescribeProducersRequestData().setTopics(List.of(
                        new DescribeProducersRequestData.TopicRequest().setName("t").setPartitionIndexes(List.of(0))));
            case DELETE_RECORDS:
                return new DeleteRecordsRequestData().setTimeoutMs(1000).setTopics(List.of(
                        new DeleteRecordsRequestData.DeleteRecordsTopic().setName("t").setPartitions(List.of(
                                new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0)
                                        .setOffset(0)))));
            case CREATE_PARTITIONS: {
                CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                        new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
                topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("t").setCount(2)
                        .setAssignments(null));
                return new CreatePartitionsRequestData().setTopics(topics).setTimeoutMs(1000).setValidateOnly(true);
            }
            case API_VERSIONS:
                // v3+ answers INVALID_REQUEST to the default (empty) client software name, as Kafka does
                return new ApiVersionsRequestData().setClientSoftwareName("conformance-test")
                        .setClientSoftwareVersion("1.0");
            case INIT_PRODUCER_ID:
                // the default transactional id is "", which Kafka (and we) refuse with INVALID_REQUEST
                return new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000);
            case DESCRIBE_LOG_DIRS:
                return new DescribeLogDirsRequestData().setTopics(null);
            case DESCRIBE_ACLS:
                // an UNKNOWN (0) filter field fails parsing, in Kafka's broker as in ours: ask for every ACL
                return new org.apache.kafka.common.message.DescribeAclsRequestData().setResourceTypeFilter((byte) 1)
                        .setResourceNameFilter(null).setPatternTypeFilter((byte) 1).setPrincipalFilter(null)
                        .setHostFilter(null).setOperation((byte) 1).setPermissionType((byte) 1);
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
                        .setTopicId(topicId())
                        .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                .setPartitionMaxBytes(1 << 20))));
                return request;
            }
            default:
                return ApiMessageType.fromApiKey(api.id).newRequest();
        }
    }
}
