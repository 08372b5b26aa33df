package dev.voltstream.launcher;

import dev.voltstream.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each service of the secure demo may do, as ACLs for its user {@code User:<module>}, nothing more (Kafka's
 * least privilege; the broker denies the rest, {@code allow.everyone.if.no.acl.found} being false):
 * <ul>
 *   <li>READ on the topics its incoming channels read and on its consumer group (which implies DESCRIBE, what
 *       ListOffsets and OffsetFetch need);</li>
 *   <li>WRITE on the topics it produces to: its outgoing channels, or the rows its outbox relay publishes (WRITE on
 *       a topic also lets an idempotent producer get its id, as in Kafka since KIP-679);</li>
 *   <li>WRITE and CREATE on the dead-letter topic of each topic it reads ({@code <topic>.dlq}, created on first
 *       use);</li>
 *   <li>WRITE on the transactional ids {@code <module>-outbox-} (PREFIXED) for a service with a transactional outbox:
 *       its relay's default id is {@code <module>-outbox-<host>-<http port>}.</li>
 * </ul>
 * {@code ServiceAclsTest} checks these lists against each service's application.properties and outbox code.
 */
final class ServiceAcls {
    /** The topics each service reads, by module. */
    static final Map<String, List<String>> READS = Map.of(
            ServiceSpec.PRODUCER.module(), List.of(),
            ServiceSpec.FRAUD.module(), List.of(Topics.TRANSACTIONS),
            ServiceSpec.BILLING.module(), List.of(Topics.CHARGING_SESSIONS, Topics.TRANSACTION_VERDICTS),
            ServiceSpec.NOTIFICATION.module(), List.of(Topics.ACCOUNT_UPDATES, Topics.FRAUD_ALERTS, Topics.INVOICES,
                    Topics.STATION_STATUS));
    /** The topics each service writes (channels or outbox), by module. */
    static final Map<String, List<String>> WRITES = Map.of(
            ServiceSpec.PRODUCER.module(), List.of(Topics.STATION_STATUS, Topics.STATION_METRICS,
                    Topics.CHARGING_SESSIONS, Topics.TRANSACTIONS),
            ServiceSpec.FRAUD.module(), List.of(Topics.TRANSACTION_VERDICTS, Topics.FRAUD_ALERTS),
            // the invoice and the payment it charges, the balance changes
            ServiceSpec.BILLING.module(), List.of(Topics.INVOICES, Topics.TRANSACTIONS, Topics.ACCOUNT_UPDATES),
            ServiceSpec.NOTIFICATION.module(), List.of());

    private ServiceAcls() {
    }

    /** The Kafka principal a service runs as. */
    static String principal(ServiceSpec service) {
        return "User:" + service.module();
    }

    /** The consumer group of a service that reads, else null. */
    static String group(ServiceSpec service) {
        return READS.get(service.module()).isEmpty() ? null : service.module();
    }

    /** The transactional id prefix of a service's outbox relay, else null. */
    static String transactionalIdPrefix(ServiceSpec service) {
        return service.usesDatabase() && !WRITES.get(service.module()).isEmpty() ? service.module() + "-outbox-" : null;
    }

    static List<AclBinding> of(ServiceSpec service) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : READS.get(service.module())) {
            acls.add(allow(service, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(service, ResourceType.TOPIC, Topics.deadLetter(topic), PatternType.LITERAL,
                    AclOperation.WRITE));
            acls.add(allow(service, ResourceType.TOPIC, Topics.deadLetter(topic), PatternType.LITERAL,
                    AclOperation.CREATE));
        }
        if (group(service) != null) {
            acls.add(allow(service, ResourceType.GROUP, group(service), PatternType.LITERAL, AclOperation.READ));
        }
        for (String topic : WRITES.get(service.module())) {
            acls.add(allow(service, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
        }
        if (transactionalIdPrefix(service) != null) {
            acls.add(allow(service, ResourceType.TRANSACTIONAL_ID, transactionalIdPrefix(service),
                    PatternType.PREFIXED, AclOperation.WRITE));
        }
        return acls;
    }

    private static AclBinding allow(ServiceSpec service, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal(service), "*", operation, AclPermissionType.ALLOW));
    }

    /** Creates the ACLs of every service (creating one that exists changes nothing, as in Kafka). */
    static void create(Admin admin, List<ServiceSpec> services) throws InterruptedException {
        List<AclBinding> all = services.stream().flatMap(s -> of(s).stream()).toList();
        try {
            admin.createAcls(all).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new LauncherException("creating the services' ACLs failed: " + e);
        }
    }
}
