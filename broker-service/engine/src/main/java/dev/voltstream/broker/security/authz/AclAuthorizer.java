package dev.voltstream.broker.security.authz;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.security.audit.AuditEntry;
import dev.voltstream.broker.security.audit.AuditLog;

/**
 * ACL checks with the semantics of Kafka's {@code StandardAuthorizer}: super users may do anything; otherwise the ACLs
 * whose pattern matches the resource (LITERAL name, LITERAL {@code *}, or a PREFIXED prefix of the name), whose
 * principal is the caller or {@code User:*} and whose host is the caller's address or {@code *} decide: any DENY
 * wins, then any ALLOW; an ALLOW of READ, WRITE, DELETE or ALTER also allows DESCRIBE, and ALTER_CONFIGS allows
 * DESCRIBE_CONFIGS (a DENY implies nothing). A resource no ACL matches at all is allowed only with
 * {@code allow.everyone.if.no.acl.found=true}.
 *
 * <p>Every decision goes to the logger {@code voltstream.authorizer} (denials at INFO, grants at DEBUG) and to the
 * {@link AuditLog} file when one is configured (denials; grants too if it is set to write them).
 */
public final class AclAuthorizer {
    /** {@code authorizer.class.name} values that turn this authorizer on. */
    public static final Set<String> CLASS_NAMES = Set.of(
            "org.apache.kafka.metadata.authorizer.StandardAuthorizer", AclAuthorizer.class.getName());
    static final Logger AUDIT = LoggerFactory.getLogger("voltstream.authorizer");
    private static final Set<AclOperation> IMPLIES_DESCRIBE = EnumSet.of(AclOperation.DESCRIBE, AclOperation.READ,
            AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER);
    private static final Set<AclOperation> IMPLIES_DESCRIBE_CONFIGS =
            EnumSet.of(AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);

    private final Set<String> superUsers;
    private final boolean allowIfNoAcl;
    private final AclStore store;
    private final AuditLog audit;
    private volatile AclIndex acls;

    public AclAuthorizer(Set<String> superUsers, boolean allowIfNoAcl, AclStore store) {
        this(superUsers, allowIfNoAcl, store, AuditLog.NONE);
    }

    public AclAuthorizer(Set<String> superUsers, boolean allowIfNoAcl, AclStore store, AuditLog audit) {
        this.superUsers = Set.copyOf(superUsers);
        this.allowIfNoAcl = allowIfNoAcl;
        this.store = store;
        this.audit = audit;
        this.acls = new AclIndex(store.load());
    }

    /** {@code super.users}: principals separated by semicolons, e.g. {@code User:admin;User:broker}. */
    public static Set<String> parseSuperUsers(String value) {
        Set<String> users = new LinkedHashSet<>();
        if (value != null) {
            for (String user : value.split(";")) {
                if (!user.isBlank()) {
                    users.add(user.trim());
                }
            }
        }
        return users;
    }

    public boolean isSuperUser(KafkaPrincipal principal) {
        return superUsers.contains(principalString(principal));
    }

    /** {@code User:name}, as ACLs and {@code super.users} name a principal. */
    private static String principalString(KafkaPrincipal principal) {
        return principal.getPrincipalType() + ":" + principal.getName();
    }

    /** May {@code principal}, connected from {@code host}, perform {@code op} on the resource? */
    public boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation op, ResourceType type,
                             String name) {
        return authorize(principal, host, op, type, name, true);
    }

    /**
     * {@code logIfDenied} false: a denial is only logged at DEBUG, for checks that filter what a principal sees (all
     * topics in Metadata, ListGroups), which Kafka does not log either: they would flood the audit log.
     */
    public boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation op, ResourceType type,
                             String name, boolean logIfDenied) {
        return authorize(principal, host, op, type, name, logIfDenied, "kafka");
    }

    /**
     * As {@link #authorize(KafkaPrincipal, InetAddress, AclOperation, ResourceType, String, boolean)}, with the
     * {@code source} the audit log names ({@code kafka} for Kafka requests, {@code console} for the web console).
     */
    public boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation op, ResourceType type,
                             String name, boolean logIfDenied, String source) {
        boolean allowed = decide(principal, host, op, type, name);
        if (allowed ? audit.writesGrants() : logIfDenied && audit.writesDenials()) {
            audit.record(new AuditEntry(java.time.Instant.now(), source, principal.toString(), hostString(host),
                    op.name(), type.name(), name, allowed, null));
        }
        if (!allowed && !logIfDenied) {
            if (AUDIT.isDebugEnabled()) {
                AUDIT.debug("Principal = {} is Denied operation = {} from host = {} on resource = {}:LITERAL:{}",
                        principal, op, hostString(host), type, name);
            }
        } else if (!allowed) {
            AUDIT.info("Principal = {} is Denied operation = {} from host = {} on resource = {}:LITERAL:{}",
                    principal, op, hostString(host), type, name);
        } else if (AUDIT.isDebugEnabled()) {
            AUDIT.debug("Principal = {} is Allowed operation = {} from host = {} on resource = {}:LITERAL:{}",
                    principal, op, hostString(host), type, name);
        }
        return allowed;
    }

    private boolean decide(KafkaPrincipal principal, InetAddress host, AclOperation op, ResourceType type,
                           String name) {
        String caller = principalString(principal);
        if (superUsers.contains(caller)) {
            return true;
        }
        List<AclBinding> matching = acls.matching(type, name);
        if (matching.isEmpty()) {
            return allowIfNoAcl;
        }
        String callerHost = hostString(host);
        boolean allow = false;
        for (AclBinding acl : matching) {
            Boolean result = result(acl, caller, callerHost, op);
            if (Boolean.FALSE.equals(result)) {
                return false;
            }
            allow |= Boolean.TRUE.equals(result);
        }
        return allow;
    }

    /**
     * May {@code principal} perform {@code op} on at least one resource of {@code type} (Kafka's
     * {@code authorizeByResourceType}, used for idempotent producers without IDEMPOTENT_WRITE): an ALLOW on some
     * pattern that no DENY of the same principal covers entirely.
     */
    public boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation op, ResourceType type) {
        String caller = principalString(principal);
        if (superUsers.contains(caller)) {
            return true;
        }
        List<AclBinding> ofType = acls.ofType(type);
        if (ofType.isEmpty()) {
            return allowIfNoAcl;
        }
        String callerHost = hostString(host);
        List<ResourcePattern> denied = new ArrayList<>();
        for (AclBinding acl : ofType) {
            if (Boolean.FALSE.equals(result(acl, caller, callerHost, op))) {
                denied.add(acl.pattern());
            }
        }
        for (AclBinding acl : ofType) {
            if (Boolean.TRUE.equals(result(acl, caller, callerHost, op))
                    && denied.stream().noneMatch(d -> covers(d, acl.pattern()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(ResourcePattern deny, ResourcePattern allow) {
        if (deny.patternType() == PatternType.LITERAL) {
            return deny.name().equals(ResourcePattern.WILDCARD_RESOURCE)
                    || deny.name().equals(allow.name()) && allow.patternType() == PatternType.LITERAL;
        }
        return allow.name().startsWith(deny.name());
    }

    /**
     * TRUE (allows), FALSE (denies) or null (does not apply): {@code StandardAuthorizerData.findResult}, for the
     * caller's {@code User:name} and address, each made once per check rather than once per ACL.
     */
    private static Boolean result(AclBinding acl, String caller, String callerHost, AclOperation op) {
        String aclPrincipal = acl.entry().principal();
        if (!aclPrincipal.equals("User:*") && !aclPrincipal.equals(caller)) {
            return null;
        }
        String aclHost = acl.entry().host();
        if (!aclHost.equals("*") && !aclHost.equals(callerHost)) {
            return null;
        }
        AclOperation aclOp = acl.entry().operation();
        boolean allow = acl.entry().permissionType() == AclPermissionType.ALLOW;
        if (aclOp != AclOperation.ALL) {
            if (allow && op == AclOperation.DESCRIBE) {
                if (!IMPLIES_DESCRIBE.contains(aclOp)) {
                    return null;
                }
            } else if (allow && op == AclOperation.DESCRIBE_CONFIGS) {
                if (!IMPLIES_DESCRIBE_CONFIGS.contains(aclOp)) {
                    return null;
                }
            } else if (aclOp != op) {
                return null;
            }
        }
        return allow;
    }

    private static String hostString(InetAddress host) {
        return host == null ? "" : host.getHostAddress();
    }

    /** The ACLs matching {@code filter} (DescribeAcls). */
    public List<AclBinding> acls(AclBindingFilter filter) {
        return acls.all().stream().filter(filter::matches).toList();
    }

    /**
     * Adds {@code bindings} (already validated), durably, before they take effect.
     */
    public synchronized void add(Collection<AclBinding> bindings) {
        Set<AclBinding> next = new LinkedHashSet<>(acls.all());
        List<AclBinding> created = bindings.stream().filter(b -> !acls.all().contains(b)).distinct().toList();
        next.addAll(created);
        if (!created.isEmpty()) {
            store.save(created, List.of(), next);
            if (!store.publishes()) {
                acls = new AclIndex(next);
            }
        }
    }

    /** Removes every ACL matching each filter; returns, per filter, the ACLs it removed. */
    public synchronized List<List<AclBinding>> remove(List<AclBindingFilter> filters) {
        Set<AclBinding> next = new LinkedHashSet<>(acls.all());
        List<List<AclBinding>> removed = new ArrayList<>();
        for (AclBindingFilter filter : filters) {
            List<AclBinding> matched = acls.all().stream().filter(filter::matches).toList();
            next.removeAll(matched);
            removed.add(matched);
        }
        if (next.size() != acls.all().size()) {
            List<AclBinding> deleted = acls.all().stream().filter(b -> !next.contains(b)).toList();
            store.save(List.of(), deleted, next);
            if (!store.publishes()) {
                acls = new AclIndex(next);
            }
        }
        return removed;
    }

    /**
     * The whole set, as the metadata log has it now (cluster mode: every broker applies the same sequence). Called
     * by the metadata log's single applying thread, never under this object's lock: {@link #add} holds that lock
     * while it waits for its change to be applied.
     */
    public void replaceAll(Collection<AclBinding> all) {
        acls = new AclIndex(all);
    }
}
