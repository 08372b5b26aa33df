package dev.voltstream.broker.security.authz;

import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.CLUSTER_ACTION;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.ResourceType.CLUSTER;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsResponse;

/** The topic APIs: Produce, Fetch, ListOffsets, OffsetForLeaderEpoch, Metadata, topic admin (KafkaApis' checks). */
final class TopicAuthorizations {
    private static final short TOPIC_DENIED = Errors.TOPIC_AUTHORIZATION_FAILED.code();

    private TopicAuthorizations() {
    }

    static void register(ApiAuthorizations rules, TopicNames names, boolean autoCreateTopics) {
        rules.on(ApiKeys.PRODUCE, ProduceRequestData.class, (access, request) -> produce(access, request, names))
                .on(ApiKeys.FETCH, FetchRequestData.class, (access, request) -> fetch(access, request, names))
                .on(ApiKeys.LIST_OFFSETS, ListOffsetsRequestData.class, TopicAuthorizations::listOffsets)
                .on(ApiKeys.OFFSET_FOR_LEADER_EPOCH, OffsetForLeaderEpochRequestData.class, (access, request) ->
                        request.replicaId() >= 0 ? clusterAction(access)
                                : allTopics(access, DESCRIBE, request.topics(), t -> t.topic()))
                .on(ApiKeys.METADATA, MetadataRequestData.class,
                        (access, request) -> metadata(access, request, names, autoCreateTopics))
                .on(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, DescribeTopicPartitionsRequestData.class,
                        TopicAuthorizations::describeTopicPartitions)
                .on(ApiKeys.CREATE_TOPICS, CreateTopicsRequestData.class, TopicAuthorizations::createTopics)
                .on(ApiKeys.DELETE_TOPICS, DeleteTopicsRequestData.class,
                        (access, request) -> deleteTopics(access, request, names))
                .on(ApiKeys.CREATE_PARTITIONS, CreatePartitionsRequestData.class,
                        (access, request) -> allTopics(access, ALTER, request.topics(), t -> t.name()))
                .on(ApiKeys.DELETE_RECORDS, DeleteRecordsRequestData.class,
                        (access, request) -> allTopics(access, DELETE, request.topics(), t -> t.name()))
                .on(ApiKeys.DESCRIBE_PRODUCERS, DescribeProducersRequestData.class,
                        (access, request) -> allTopics(access, READ, request.topics(), t -> t.name()));
    }

    static Verdict clusterAction(RequestAccess access) {
        return Verdict.allowIf(access.cluster(CLUSTER_ACTION),
                new ClusterAuthorizationException("Request requires CLUSTER_ACTION on the cluster."));
    }

    /** All or nothing: any topic the principal may not {@code op} refuses the request with TOPIC_AUTHORIZATION_FAILED. */
    static <T> Verdict allTopics(RequestAccess access, AclOperation op, java.util.Collection<T> topics,
                                 Function<T, String> name) {
        List<T> denied = access.denied(topics, op, TOPIC, name);
        return denied.isEmpty() ? Verdict.ALLOW : Verdict.refuse(new TopicAuthorizationException(
                "Not authorized to " + op + " topics", new HashSet<>(denied.stream().map(name).toList())));
    }

    private static Verdict produce(RequestAccess access, ProduceRequestData request, TopicNames names) {
        if (flagged(request, RecordBatch::isTransactional) && (request.transactionalId() == null
                || !access.allowed(WRITE, TRANSACTIONAL_ID, request.transactionalId()))) {
            return Verdict.refuse(new TransactionalIdAuthorizationException("Transactional Id authorization failed."));
        }
        List<TopicProduceData> denied = access.denied(request.topicData(), WRITE, TOPIC,
                t -> names.name(t.name(), t.topicId()));
        if (denied.isEmpty()) {
            return Verdict.ALLOW;
        }
        if (request.acks() == 0 || denied.size() == request.topicData().size()) {
            return Verdict.refuse(new TopicAuthorizationException("Topic authorization failed."));
        }
        denied.forEach(request.topicData()::remove);
        return Verdict.amend(ProduceResponseData.class, response -> {
            for (TopicProduceData topic : denied) {
                TopicProduceResponse result = new TopicProduceResponse().setName(topic.name())
                        .setTopicId(topic.topicId());
                topic.partitionData().forEach(p -> result.partitionResponses().add(new PartitionProduceResponse()
                        .setIndex(p.index()).setErrorCode(TOPIC_DENIED).setBaseOffset(-1).setLogAppendTimeMs(-1)
                        .setLogStartOffset(-1)));
                response.responses().add(result);
            }
            return response;
        });
    }

    private static boolean flagged(ProduceRequestData request,
                                   java.util.function.Predicate<RecordBatch> flag) {
        for (TopicProduceData topic : request.topicData()) {
            for (var partition : topic.partitionData()) {
                BaseRecords records = partition.records();
                if (records instanceof MemoryRecords memory) {
                    for (RecordBatch batch : memory.batches()) {
                        if (flag.test(batch)) {
                            return true;
                        }
                        break; // Kafka looks at the first batch of each partition too
                    }
                }
            }
        }
        return false;
    }

    private static Verdict fetch(RequestAccess access, FetchRequestData request, TopicNames names) {
        int replicaId = request.replicaState() != null && request.replicaState().replicaId() >= 0
                ? request.replicaState().replicaId() : request.replicaId();
        if (replicaId >= 0) {
            return clusterAction(access);
        }
        List<FetchTopic> denied = access.denied(request.topics(), READ, TOPIC,
                t -> names.name(t.topic(), t.topicId()));
        if (denied.isEmpty()) {
            return Verdict.ALLOW;
        }
        request.topics().removeAll(denied);
        return Verdict.amend(FetchResponseData.class, response -> {
            for (FetchTopic topic : denied) {
                FetchableTopicResponse result = new FetchableTopicResponse().setTopic(topic.topic())
                        .setTopicId(topic.topicId());
                topic.partitions().forEach(p -> result.partitions().add(
                        FetchResponse.partitionResponse(p.partition(), Errors.TOPIC_AUTHORIZATION_FAILED)));
                response.responses().add(result);
            }
            return response;
        });
    }

    private static Verdict listOffsets(RequestAccess access, ListOffsetsRequestData request) {
        List<ListOffsetsTopic> denied = access.denied(request.topics(), DESCRIBE, TOPIC, ListOffsetsTopic::name);
        if (denied.isEmpty()) {
            return Verdict.ALLOW;
        }
        request.topics().removeAll(denied);
        return Verdict.amend(ListOffsetsResponseData.class, response -> {
            for (ListOffsetsTopic topic : denied) {
                ListOffsetsTopicResponse result = new ListOffsetsTopicResponse().setName(topic.name());
                topic.partitions().forEach(p -> result.partitions().add(new ListOffsetsPartitionResponse()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(TOPIC_DENIED)
                        .setTimestamp(ListOffsetsResponse.UNKNOWN_TIMESTAMP)
                        .setOffset(ListOffsetsResponse.UNKNOWN_OFFSET)));
                response.topics().add(result);
            }
            return response;
        });
    }

    /**
     * Metadata lists only the topics the principal may DESCRIBE; a topic it named but may not describe is answered
     * TOPIC_AUTHORIZATION_FAILED, and one it may not create is not auto-created (TOPIC_AUTHORIZATION_FAILED too).
     */
    private static Verdict metadata(RequestAccess access, MetadataRequestData request, TopicNames names,
                                    boolean autoCreateTopics) {
        Set<String> deniedNamed = new HashSet<>();
        Set<String> deniedCreate = new HashSet<>();
        if (request.topics() != null) {
            List<MetadataRequestTopic> denied = access.denied(request.topics(), DESCRIBE, TOPIC,
                    t -> names.name(t.name(), t.topicId()));
            denied.stream().map(t -> names.name(t.name(), t.topicId())).filter(n -> n != null)
                    .forEach(deniedNamed::add);
            request.topics().removeAll(denied.stream().filter(t -> names.name(t.name(), t.topicId()) != null)
                    .toList());
            // Only topics that do not exist are candidates for auto-creation, so only they need CREATE (Kafka's
            // nonExistingTopics). CREATE on the cluster is tried silently first, as Kafka does (logIfDenied =
            // false): a principal without it is normal, and would put a line in the audit log for every request
            if (request.allowAutoTopicCreation() && autoCreateTopics
                    && !access.visible(CREATE, CLUSTER, AclBindings.CLUSTER_NAME)) {
                for (MetadataRequestTopic topic : request.topics()) {
                    if (topic.name() != null && !names.exists(topic.name())
                            && !access.allowed(CREATE, TOPIC, topic.name())) {
                        deniedCreate.add(topic.name());
                    }
                }
                if (!deniedCreate.isEmpty()) {
                    request.setAllowAutoTopicCreation(false);
                }
            }
        }
        return Verdict.amend(MetadataResponseData.class, response -> {
            response.topics().removeIf(t -> t.name() != null && !deniedNamed.contains(t.name())
                    && !access.visible(DESCRIBE, TOPIC, t.name()));
            for (MetadataResponseTopic topic : response.topics()) {
                if (topic.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code()
                        && deniedCreate.contains(topic.name())) {
                    topic.setErrorCode(TOPIC_DENIED);
                }
            }
            for (String name : deniedNamed) {
                response.topics().add(new MetadataResponseTopic().setName(name).setErrorCode(TOPIC_DENIED)
                        .setIsInternal(false));
            }
            return response;
        });
    }

    private static Verdict describeTopicPartitions(RequestAccess access, DescribeTopicPartitionsRequestData request) {
        Set<String> named = new HashSet<>();
        request.topics().forEach(t -> named.add(t.name()));
        return Verdict.amend(DescribeTopicPartitionsResponseData.class, response -> {
            response.topics().removeIf(t -> !named.contains(t.name()) && !access.visible(DESCRIBE, TOPIC, t.name()));
            response.topics().forEach(t -> {
                if (!access.allowed(DESCRIBE, TOPIC, t.name())) {
                    t.setErrorCode(TOPIC_DENIED).setPartitions(new java.util.ArrayList<>());
                }
            });
            return response;
        });
    }

    private static Verdict createTopics(RequestAccess access, CreateTopicsRequestData request) {
        if (access.visible(CREATE, CLUSTER, AclBindings.CLUSTER_NAME)) { // silent, as Kafka: the topics decide
            return Verdict.ALLOW;
        }
        List<CreatableTopic> denied = access.denied(request.topics(), CREATE, TOPIC, CreatableTopic::name);
        if (denied.isEmpty()) {
            return Verdict.ALLOW;
        }
        denied.forEach(request.topics()::remove);
        return Verdict.amend(CreateTopicsResponseData.class, response -> {
            for (CreatableTopic topic : denied) {
                response.topics().add(new CreatableTopicResult().setName(topic.name()).setErrorCode(TOPIC_DENIED)
                        .setErrorMessage("Authorization failed.").setNumPartitions(-1).setReplicationFactor((short) -1)
                        .setTopicConfigErrorCode(TOPIC_DENIED));
            }
            return response;
        });
    }

    private static Verdict deleteTopics(RequestAccess access, DeleteTopicsRequestData request, TopicNames names) {
        List<String> deniedNames = access.denied(request.topicNames(), DELETE, TOPIC, n -> n);
        List<DeleteTopicState> denied = access.denied(request.topics(), DELETE, TOPIC,
                t -> names.name(t.name(), t.topicId()));
        if (deniedNames.isEmpty() && denied.isEmpty()) {
            return Verdict.ALLOW;
        }
        request.topicNames().removeAll(deniedNames);
        request.topics().removeAll(denied);
        return Verdict.amend(DeleteTopicsResponseData.class, response -> {
            deniedNames.forEach(n -> response.responses().add(new DeletableTopicResult().setName(n)
                    .setErrorCode(TOPIC_DENIED)));
            denied.forEach(t -> response.responses().add(new DeletableTopicResult().setName(t.name())
                    .setTopicId(t.topicId()).setErrorCode(TOPIC_DENIED)));
            return response;
        });
    }
}
