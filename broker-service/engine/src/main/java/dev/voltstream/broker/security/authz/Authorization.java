package dev.voltstream.broker.security.authz;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.metadata.ReplicatedAcls;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.network.RequestProcessor;
import dev.voltstream.broker.security.PrincipalResolver;
import dev.voltstream.broker.security.audit.AuditLog;

/**
 * Turns authorisation on from the broker's config: {@code authorizer.class.name} set to Kafka's
 * {@code org.apache.kafka.metadata.authorizer.StandardAuthorizer} (or this broker's {@link AclAuthorizer}) makes an
 * {@link AclAuthorizer} with {@code super.users} and {@code allow.everyone.if.no.acl.found}; unset, nothing is checked.
 */
public final class Authorization {
    public static final String AUTHORIZER_CLASS = "authorizer.class.name";

    private Authorization() {
    }

    /**
     * The authorizer, or null when {@code authorizer.class.name} is unset. Single node: ACLs in {@link AclFile};
     * cluster mode ({@code cluster} not null): in the metadata log, the authorizer following it.
     */
    public static AclAuthorizer authorizer(BrokerConfig config, Path metadataDir, ReplicatedAcls cluster) {
        return authorizer(config, metadataDir, cluster, AuditLog.NONE);
    }

    /** As {@link #authorizer(BrokerConfig, Path, ReplicatedAcls)}, writing its decisions to {@code audit}. */
    public static AclAuthorizer authorizer(BrokerConfig config, Path metadataDir, ReplicatedAcls cluster,
                                           AuditLog audit) {
        String className = config.get(AUTHORIZER_CLASS).map(String::trim).orElse("");
        if (className.isEmpty()) {
            return null;
        }
        if (!AclAuthorizer.CLASS_NAMES.contains(className)) {
            throw new IllegalArgumentException(AUTHORIZER_CLASS + "=" + className + " is not supported; use "
                    + "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        }
        AclAuthorizer authorizer = new AclAuthorizer(
                AclAuthorizer.parseSuperUsers(config.get("super.users").orElse("")),
                config.getBoolean("allow.everyone.if.no.acl.found", false),
                cluster != null ? replicated(cluster) : new AclFile(metadataDir), audit);
        if (cluster != null) {
            cluster.listen(authorizer::replaceAll);
        }
        return authorizer;
    }

    /** {@code next} behind the authorisation of every request, or {@code next} itself without an authorizer. */
    public static RequestProcessor wrap(RequestProcessor next, AclAuthorizer authorizer, BrokerConfig config,
                                       TopicRegistry topics) {
        if (authorizer == null) {
            return next;
        }
        TopicNames names = new TopicNames() {
            @Override
            public String name(Uuid id) {
                return topics.byId(id).map(t -> t.name()).orElse(null);
            }

            @Override
            public boolean exists(String name) {
                return topics.byName(name).isPresent();
            }
        };
        return new AuthorizingProcessor(next, authorizer, PrincipalResolver.from(config),
                ApiAuthorizations.standard(names, config.autoCreateTopics()));
    }

    private static AclStore replicated(ReplicatedAcls cluster) {
        return new AclStore() {
            @Override
            public Collection<AclBinding> load() {
                return List.of();
            }

            @Override
            public void save(Collection<AclBinding> created, Collection<AclBinding> deleted,
                             Collection<AclBinding> after) {
                cluster.alter(created, deleted);
            }

            @Override
            public boolean publishes() {
                return true;
            }
        };
    }
}
