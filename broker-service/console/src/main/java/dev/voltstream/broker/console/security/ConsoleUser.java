package dev.voltstream.broker.console.security;

import java.net.InetAddress;
import java.util.Set;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import dev.voltstream.broker.console.http.HttpCall;
import dev.voltstream.broker.security.authz.AclAuthorizer;

/**
 * The principal a console call runs as, and what it may do: each check goes to the broker's {@link AclAuthorizer}
 * with the principal and the HTTP client's address, exactly as a Kafka request's would (super users, DENY over
 * ALLOW, {@code allow.everyone.if.no.acl.found}). Without an authorizer (or without console security) everything is
 * allowed, as on an unsecured broker. Refusals are Kafka's exceptions, which the console answers with 403.
 */
public final class ConsoleUser {
    static final String ATTRIBUTE = "voltstream.console.user";
    private static final ConsoleUser ANYONE = new ConsoleUser(KafkaPrincipal.ANONYMOUS, null, null);

    private final KafkaPrincipal principal;
    private final InetAddress host;
    private final AclAuthorizer authorizer;

    ConsoleUser(KafkaPrincipal principal, InetAddress host, AclAuthorizer authorizer) {
        this.principal = principal;
        this.host = host;
        this.authorizer = authorizer;
    }

    /** Who makes {@code call} (anyone, allowed everything, when the console is open). */
    public static ConsoleUser of(HttpCall call) {
        Object user = call.attribute(ATTRIBUTE);
        return user instanceof ConsoleUser u ? u : ANYONE;
    }

    public KafkaPrincipal principal() {
        return principal;
    }

    /** May this user do {@code op} on the resource? A filter: a denial is not written to the audit log. */
    public boolean may(AclOperation op, ResourceType type, String name) {
        return authorizer == null || authorizer.authorize(principal, host, op, type, name, false, "console");
    }

    /** May this user DESCRIBE the cluster (see every group, every log dir)? A filter, as {@link #may}. */
    public boolean mayDescribeCluster() {
        return may(AclOperation.DESCRIBE, ResourceType.CLUSTER, Resource.CLUSTER_NAME);
    }

    /** Refuses, with Kafka's exception for the resource type, unless this user may do {@code op}; audited. */
    public void require(AclOperation op, ResourceType type, String name) {
        if (authorizer != null && !authorizer.authorize(principal, host, op, type, name, true, "console")) {
            throw refusal(type, name);
        }
    }

    /** CreateTopics' rule: CREATE on the cluster, or else on the topic. */
    public void requireTopicCreate(String topic) {
        if (!may(AclOperation.CREATE, ResourceType.CLUSTER, Resource.CLUSTER_NAME)) {
            require(AclOperation.CREATE, ResourceType.TOPIC, topic);
        }
    }

    private static ApiException refusal(ResourceType type, String name) {
        return switch (type) {
            case TOPIC -> new TopicAuthorizationException(Set.of(name));
            case GROUP -> GroupAuthorizationException.forGroupId(name);
            default -> new ClusterAuthorizationException("Cluster authorization failed.");
        };
    }
}
