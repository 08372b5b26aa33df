package dev.voltstream.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * The requests real clients send, built with kafka-clients' own request classes: for every API key and version the
 * broker advertises, the API's default request plus, for the APIs that create, write or coordinate, a filled-in one
 * (topics, records, groups, configs) and a few with extreme counts (10,001 partitions, thousands of topics). Every
 * seed is a complete frame body (header + request) ready to mutate; the corpus is the same for the same advertised
 * versions, so a run's seed replays it exactly. Seeds only name the {@code fuzz-*} topics and
 * groups, never the topic a run checks for integrity.
 */
public final class SeedCorpus {
    /** A serialized request: what it is and its bytes (without the 4-byte size). */
    public record Seed(ApiKeys api, short version, byte[] frame) {
    }

    private static final String TOPIC = "fuzz-a";
    private static final String GROUP = "fuzz-g";

    private SeedCorpus() {
    }

    /** Seeds for every version in {@code versions} (API key to its [min, max] version range). */
    public static List<Seed> build(Map<ApiKeys, short[]> versions) {
        List<Seed> seeds = new ArrayList<>();
        for (Map.Entry<ApiKeys, short[]> e : versions.entrySet()) {
            ApiKeys api = e.getKey();
            for (short v = e.getValue()[0]; v <= e.getValue()[1]; v++) {
                add(seeds, api, v, ApiMessageType.fromApiKey(api.id).newRequest());
                for (ApiMessage filled : filled(api)) {
                    add(seeds, api, v, filled);
                }
            }
        }
        return seeds;
    }

    private static void add(List<Seed> seeds, ApiKeys api, short version, ApiMessage body) {
        try {
            seeds.add(new Seed(api, version, frame(api, version, seeds.size() + 1, body)));
        } catch (RuntimeException e) {
            // a field this version cannot carry (e.g. a topic id before Fetch v13): not a seed for it
        }
    }

    /** Header + body, as a client writes them. */
    public static byte[] frame(ApiKeys api, short version, int correlationId, ApiMessage body) {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
                .setClientId("fuzz").setCorrelationId(correlationId);
        ByteBuffer h = MessageUtil.toByteBufferAccessor(header, api.requestHeaderVersion(version)).buffer();
        ByteBuffer b = MessageUtil.toByteBufferAccessor(body, version).buffer();
        byte[] frame = new byte[h.remaining() + b.remaining()];
        h.get(frame, 0, h.remaining());
        b.get(frame, frame.length - b.remaining(), b.remaining());
        return frame;
    }

    private static final Map<ApiKeys, Function<Void, List<ApiMessage>>> FILLED = Map.ofEntries(
            Map.entry(ApiKeys.PRODUCE, x -> List.of(produce((short) 1, TOPIC), produce((short) 0, TOPIC),
                    produce((short) -1, "fuzz-b"))),
            Map.entry(ApiKeys.FETCH, x -> List.of(fetch(false), fetch(true))),
            Map.entry(ApiKeys.METADATA, x -> List.of(metadata(2), metadata(2_000),
                    new MetadataRequestData().setTopics(null))),
            Map.entry(ApiKeys.LIST_OFFSETS, x -> List.of(new ListOffsetsRequestData().setReplicaId(-1)
                    .setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName(TOPIC)
                            .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                    .setPartitionIndex(0).setTimestamp(-1))))))),
            Map.entry(ApiKeys.CREATE_TOPICS, x -> List.of(createTopics(1, 3), createTopics(2, 5_001),
                    createTopics(3_000, 1))),
            Map.entry(ApiKeys.CREATE_PARTITIONS, x -> List.of(createPartitions(2), createPartitions(19_231))),
            Map.entry(ApiKeys.DELETE_TOPICS, x -> List.of(new DeleteTopicsRequestData().setTimeoutMs(1000)
                    .setTopicNames(List.of("fuzz-c0", "fuzz-c1")))),
            Map.entry(ApiKeys.DELETE_RECORDS, x -> List.of(new DeleteRecordsRequestData().setTimeoutMs(1000)
                    .setTopics(List.of(new DeleteRecordsRequestData.DeleteRecordsTopic().setName(TOPIC)
                            .setPartitions(List.of(new DeleteRecordsRequestData.DeleteRecordsPartition()
                                    .setPartitionIndex(0).setOffset(1))))))),
            Map.entry(ApiKeys.FIND_COORDINATOR, x -> List.of(new FindCoordinatorRequestData().setKey(GROUP)
                    .setCoordinatorKeys(List.of(GROUP)))),
            Map.entry(ApiKeys.JOIN_GROUP, x -> List.of(new JoinGroupRequestData().setGroupId(GROUP)
                    .setSessionTimeoutMs(6000).setRebalanceTimeoutMs(1000).setMemberId("").setProtocolType("consumer")
                    .setProtocols(new JoinGroupRequestData.JoinGroupRequestProtocolCollection(List.of(
                            new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                                    .setMetadata(new byte[] {0, 1, 0, 0, 0, 1, 0, 6, 'f', 'u', 'z', 'z', '-', 'a'}))
                            .iterator())))),
            Map.entry(ApiKeys.SYNC_GROUP, x -> List.of(new SyncGroupRequestData().setGroupId(GROUP)
                    .setGenerationId(1).setMemberId("m").setAssignments(List.of(
                            new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId("m")
                                    .setAssignment(new byte[8]))))),
            Map.entry(ApiKeys.HEARTBEAT, x -> List.of(new HeartbeatRequestData().setGroupId(GROUP)
                    .setGenerationId(1).setMemberId("m"))),
            Map.entry(ApiKeys.LEAVE_GROUP, x -> List.of(new LeaveGroupRequestData().setGroupId(GROUP).setMemberId("m")
                    .setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId("m"))))),
            Map.entry(ApiKeys.OFFSET_COMMIT, x -> List.of(new OffsetCommitRequestData().setGroupId(GROUP)
                    .setGenerationIdOrMemberEpoch(-1).setMemberId("").setTopics(List.of(
                            new OffsetCommitRequestData.OffsetCommitRequestTopic().setName(TOPIC).setPartitions(
                                    List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                            .setPartitionIndex(0).setCommittedOffset(1)
                                            .setCommittedMetadata("m"))))))),
            Map.entry(ApiKeys.OFFSET_FETCH, x -> List.of(new OffsetFetchRequestData().setGroupId(GROUP)
                    .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic().setName(TOPIC)
                            .setPartitionIndexes(List.of(0)))))),
            Map.entry(ApiKeys.DESCRIBE_GROUPS, x -> List.of(new DescribeGroupsRequestData().setGroups(List.of(GROUP)))),
            Map.entry(ApiKeys.DELETE_GROUPS, x -> List.of(new DeleteGroupsRequestData()
                    .setGroupsNames(List.of("fuzz-gone")))),
            Map.entry(ApiKeys.CONSUMER_GROUP_HEARTBEAT, x -> List.of(new ConsumerGroupHeartbeatRequestData()
                    .setGroupId("fuzz-h").setMemberId(new Uuid(0x5eed, 1).toString()).setMemberEpoch(0)
                    .setRebalanceTimeoutMs(1000).setSubscribedTopicNames(List.of(TOPIC))
                    .setTopicPartitions(List.of()))),
            Map.entry(ApiKeys.DESCRIBE_CONFIGS, x -> List.of(new DescribeConfigsRequestData().setResources(List.of(
                    new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 2)
                            .setResourceName(TOPIC), new DescribeConfigsRequestData.DescribeConfigsResource()
                            .setResourceType((byte) 4).setResourceName(""))))),
            Map.entry(ApiKeys.ALTER_CONFIGS, x -> List.of(new AlterConfigsRequestData().setResources(
                    new AlterConfigsRequestData.AlterConfigsResourceCollection(List.of(
                            new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2)
                                    .setResourceName(TOPIC).setConfigs(
                                            new AlterConfigsRequestData.AlterableConfigCollection(List.of(
                                                    new AlterConfigsRequestData.AlterableConfig()
                                                            .setName("retention.ms").setValue("86400000"))
                                                    .iterator()))).iterator())))),
            Map.entry(ApiKeys.INCREMENTAL_ALTER_CONFIGS, x -> List.of(new IncrementalAlterConfigsRequestData()
                    .setResources(new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection(List.of(
                            new IncrementalAlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2)
                                    .setResourceName(TOPIC).setConfigs(
                                            new IncrementalAlterConfigsRequestData.AlterableConfigCollection(
                                                    List.of(new IncrementalAlterConfigsRequestData.AlterableConfig()
                                                            .setName("segment.ms").setValue("3600000")
                                                            .setConfigOperation((byte) 0)).iterator())))
                            .iterator())))));

    private static List<ApiMessage> filled(ApiKeys api) {
        Function<Void, List<ApiMessage>> f = FILLED.get(api);
        return f == null ? List.of() : f.apply(null);
    }

    private static ProduceRequestData produce(short acks, String topic) {
        SimpleRecord[] records = new SimpleRecord[5];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(1_700_000_000_000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("fuzz value " + i).getBytes(StandardCharsets.UTF_8));
        }
        MemoryRecords batch = MemoryRecords.withRecords(RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, records);
        ProduceRequestData data = new ProduceRequestData().setAcks(acks).setTimeoutMs(1000);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(batch))));
        return data;
    }

    private static FetchRequestData fetch(boolean byId) {
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(65536)));
        if (byId) {
            topic.setTopicId(new Uuid(0x5eed, 2));
        } else {
            topic.setTopic(TOPIC);
        }
        return new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20)
                .setTopics(List.of(topic));
    }

    private static MetadataRequestData metadata(int topics) {
        List<MetadataRequestData.MetadataRequestTopic> list = new ArrayList<>();
        list.add(new MetadataRequestData.MetadataRequestTopic().setName(TOPIC));
        for (int i = 1; i < topics; i++) {
            list.add(new MetadataRequestData.MetadataRequestTopic().setName("fuzz-auto-" + i));
        }
        return new MetadataRequestData().setTopics(list).setAllowAutoTopicCreation(true);
    }

    private static CreateTopicsRequestData createTopics(int topics, int partitions) {
        CreateTopicsRequestData data = new CreateTopicsRequestData().setTimeoutMs(1000);
        for (int i = 0; i < topics; i++) {
            CreateTopicsRequestData.CreatableTopic topic = new CreateTopicsRequestData.CreatableTopic()
                    .setName("fuzz-c" + i).setNumPartitions(partitions).setReplicationFactor((short) 1);
            topic.configs().add(new CreateTopicsRequestData.CreatableTopicConfig().setName("retention.ms")
                    .setValue("3600000"));
            data.topics().add(topic);
        }
        return data;
    }

    private static CreatePartitionsRequestData createPartitions(int count) {
        CreatePartitionsRequestData data = new CreatePartitionsRequestData().setTimeoutMs(1000);
        data.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("fuzz-b").setCount(count)
                .setAssignments(null));
        return data;
    }
}
