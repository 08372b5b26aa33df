package dev.voltstream.broker.security.authz;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * What one request's principal may do (Kafka's {@code AuthHelper}): the checks the per-API authorizations ask, each
 * for one operation on one resource, with the answers of a request cached by resource.
 */
public final class RequestAccess {
    private final AclAuthorizer authorizer;
    private final KafkaPrincipal principal;
    private final InetAddress host;
    private final Map<String, Boolean> answers = new HashMap<>();

    public RequestAccess(AclAuthorizer authorizer, KafkaPrincipal principal, InetAddress host) {
        this.authorizer = authorizer;
        this.principal = principal;
        this.host = host;
    }

    public KafkaPrincipal principal() {
        return principal;
    }

    public boolean allowed(AclOperation op, ResourceType type, String name) {
        if (name == null) {
            return false;
        }
        return answers.computeIfAbsent(op.name() + '/' + type.name() + '/' + name,
                k -> authorizer.authorize(principal, host, op, type, name));
    }

    /** As {@link #allowed}, for a check that only filters what the principal sees: a denial is not audited. */
    public boolean visible(AclOperation op, ResourceType type, String name) {
        if (name == null) {
            return false;
        }
        return answers.computeIfAbsent(op.name() + '/' + type.name() + '/' + name,
                k -> authorizer.authorize(principal, host, op, type, name, false));
    }

    public boolean cluster(AclOperation op) {
        return allowed(op, ResourceType.CLUSTER, AclBindings.CLUSTER_NAME);
    }

    /** May the principal perform {@code op} on some resource of {@code type}? */
    public boolean anyOf(ResourceType type, AclOperation op) {
        return authorizer.authorizeAny(principal, host, op, type);
    }

    /** The elements of {@code items} whose resource the principal may not {@code op}. */
    public <T> List<T> denied(Collection<T> items, AclOperation op, ResourceType type, Function<T, String> name) {
        List<T> denied = new ArrayList<>();
        for (T item : items) {
            if (!allowed(op, type, name.apply(item))) {
                denied.add(item);
            }
        }
        return denied;
    }
}
