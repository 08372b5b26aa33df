package dev.voltstream.broker.security.authz;

import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeQuorumRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.UnregisterBrokerRequestData;
import org.apache.kafka.common.message.UpdateFeaturesRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;

/** Configs, ACLs and the cluster-wide admin APIs (KafkaApis' checks). */
final class AdminAuthorizations {
    private AdminAuthorizations() {
    }

    static void register(ApiAuthorizations rules) {
        rules.on(ApiKeys.DESCRIBE_CLUSTER, DescribeClusterRequestData.class, (a, r) -> Verdict.ALLOW)
                .on(ApiKeys.DESCRIBE_CONFIGS, DescribeConfigsRequestData.class, AdminAuthorizations::describeConfigs)
                .on(ApiKeys.ALTER_CONFIGS, AlterConfigsRequestData.class, (a, r) -> alterConfigs(a,
                        r.resources().stream().map(c -> new Resource(c.resourceType(), c.resourceName())).toList()))
                .on(ApiKeys.INCREMENTAL_ALTER_CONFIGS, IncrementalAlterConfigsRequestData.class, (a, r) ->
                        alterConfigs(a, r.resources().stream()
                                .map(c -> new Resource(c.resourceType(), c.resourceName())).toList()))
                .on(ApiKeys.CREATE_ACLS, CreateAclsRequestData.class, (a, r) -> cluster(a, ALTER))
                .on(ApiKeys.DELETE_ACLS, DeleteAclsRequestData.class, (a, r) -> cluster(a, ALTER))
                .on(ApiKeys.DESCRIBE_ACLS, DescribeAclsRequestData.class, (a, r) -> cluster(a, DESCRIBE))
                .on(ApiKeys.DESCRIBE_LOG_DIRS, DescribeLogDirsRequestData.class, (a, r) -> cluster(a, DESCRIBE))
                .on(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, AlterPartitionReassignmentsRequestData.class,
                        (a, r) -> cluster(a, ALTER))
                .on(ApiKeys.LIST_PARTITION_REASSIGNMENTS, ListPartitionReassignmentsRequestData.class,
                        (a, r) -> cluster(a, DESCRIBE))
                .on(ApiKeys.ELECT_LEADERS, ElectLeadersRequestData.class, (a, r) -> cluster(a, ALTER))
                .on(ApiKeys.UPDATE_FEATURES, UpdateFeaturesRequestData.class, (a, r) -> cluster(a, ALTER))
                .on(ApiKeys.DESCRIBE_QUORUM, DescribeQuorumRequestData.class, (a, r) -> cluster(a, DESCRIBE))
                .on(ApiKeys.UNREGISTER_BROKER, UnregisterBrokerRequestData.class, (a, r) -> cluster(a, ALTER))
                .on(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, AlterUserScramCredentialsRequestData.class,
                        (a, r) -> cluster(a, ALTER))
                .on(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, DescribeUserScramCredentialsRequestData.class,
                        (a, r) -> cluster(a, DESCRIBE))
                .on(ApiKeys.DESCRIBE_CLIENT_QUOTAS, DescribeClientQuotasRequestData.class,
                        (a, r) -> cluster(a, DESCRIBE_CONFIGS))
                .on(ApiKeys.ALTER_CLIENT_QUOTAS, AlterClientQuotasRequestData.class,
                        (a, r) -> cluster(a, ALTER_CONFIGS));
    }

    static Verdict cluster(RequestAccess access, AclOperation op) {
        return Verdict.allowIf(access.cluster(op), new ClusterAuthorizationException(
                "Request requires " + op + " on the cluster."));
    }

    private record Resource(byte type, String name) {
    }

    /** A config resource: a topic is checked on the topic, a broker (or broker logger) on the cluster. */
    private static boolean allowed(RequestAccess access, AclOperation op, byte type, String name) {
        return ConfigResource.Type.forId(type) == ConfigResource.Type.TOPIC
                ? access.allowed(op, ResourceType.TOPIC, name) : access.cluster(op);
    }

    private static Verdict describeConfigs(RequestAccess access, DescribeConfigsRequestData request) {
        return Verdict.amend(DescribeConfigsResponseData.class, response -> {
            response.results().replaceAll(r -> allowed(access, DESCRIBE_CONFIGS, r.resourceType(), r.resourceName())
                    ? r : new DescribeConfigsResponseData.DescribeConfigsResult().setResourceType(r.resourceType())
                    .setResourceName(r.resourceName()).setConfigs(new ArrayList<>())
                    .setErrorCode(deniedCode(r.resourceType())).setErrorMessage(Errors.forCode(
                            deniedCode(r.resourceType())).message()));
            return response;
        });
    }

    private static short deniedCode(byte type) {
        return ConfigResource.Type.forId(type) == ConfigResource.Type.TOPIC
                ? Errors.TOPIC_AUTHORIZATION_FAILED.code() : Errors.CLUSTER_AUTHORIZATION_FAILED.code();
    }

    /** All or nothing: a resource the principal may not alter refuses the request. */
    private static Verdict alterConfigs(RequestAccess access, List<Resource> resources) {
        for (Resource r : resources) {
            if (!allowed(access, ALTER_CONFIGS, r.type(), r.name())) {
                return Verdict.refuse(ConfigResource.Type.forId(r.type()) == ConfigResource.Type.TOPIC
                        ? new TopicAuthorizationException("Not authorized to alter configs of topic " + r.name())
                        : new ClusterAuthorizationException("Not authorized to alter configs of the cluster"));
            }
        }
        return Verdict.ALLOW;
    }
}
