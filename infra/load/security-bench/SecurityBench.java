import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.metadata.authorizer.StandardAcl;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;

import dev.voltstream.broker.security.authz.AclAuthorizer;
import dev.voltstream.broker.security.authz.AclStore;

/**
 * The ACLs of infra/load/security-bench.sh's authorised case, and the cost of one check against them.
 *
 * <p>{@code create-acls BOOTSTRAP COUNT}: creates COUNT ACLs through one CreateAcls request and prints how many: the
 * benchmark's own principal (User:ANONYMOUS on PLAINTEXT) may do anything on topics prefixed "sec-" and groups
 * prefixed "load-"; 50 other principals are denied WRITE on "sec-" (so the benchmark's topic has ACLs of others to
 * pass over); the rest allow other principals on other topics and groups, literal, every tenth prefixed.
 *
 * <p>{@code authorize COUNT}: the nanoseconds of one Produce check (WRITE on topic sec-flood by User:ANONYMOUS from
 * 127.0.0.1) with those COUNT ACLs loaded, on our AclAuthorizer and on Kafka 4.1's StandardAuthorizer, both with
 * allow.everyone.if.no.acl.found=true; one line each: "name ns-per-check", median of 5 rounds of 2 s.
 *
 * <p>usage: java -cp KAFKA_CLASSPATH:BROKER_LIB/* SecurityBench.java create-acls BOOTSTRAP COUNT | authorize COUNT
 */
public class SecurityBench {
    private static final KafkaPrincipal USER = KafkaPrincipal.ANONYMOUS;

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[args.length - 1]);
        List<AclBinding> acls = acls(count);
        if (args[0].equals("create-acls")) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[1]))) {
                admin.createAcls(acls).all().get();
                System.out.println(acls.size());
            }
            return;
        }
        InetAddress host = InetAddress.getByName("127.0.0.1");
        AclAuthorizer ours = new AclAuthorizer(Set.of(), true, new AclStore() {
            @Override
            public Collection<AclBinding> load() {
                return acls;
            }

            @Override
            public void save(Collection<AclBinding> created, Collection<AclBinding> deleted,
                             Collection<AclBinding> after) {
            }
        });
        StandardAuthorizer kafka = new StandardAuthorizer();
        kafka.configure(Map.of("allow.everyone.if.no.acl.found", "true", "super.users", ""));
        // as the broker does: its metrics count every check
        kafka.withPluginMetrics(new org.apache.kafka.common.metrics.internals.PluginMetricsImpl(
                new org.apache.kafka.common.metrics.Metrics(), Map.of("config", "authorizer.class.name")));
        Map<Uuid, StandardAcl> snapshot = new HashMap<>();
        acls.forEach(acl -> snapshot.put(Uuid.randomUuid(), StandardAcl.fromAclBinding(acl)));
        kafka.loadSnapshot(snapshot);
        kafka.completeInitialLoad();
        List<Action> produce = List.of(new Action(AclOperation.WRITE,
                new ResourcePattern(ResourceType.TOPIC, "sec-flood", PatternType.LITERAL), 1, true, true));
        AuthorizableRequestContext context = new Context(host);
        System.out.printf("voltstream %.0f%n", nanosPerCheck(
                () -> ours.authorize(USER, host, AclOperation.WRITE, ResourceType.TOPIC, "sec-flood")));
        System.out.printf("kafka %.0f%n", nanosPerCheck(
                () -> kafka.authorize(context, produce).get(0) == org.apache.kafka.server.authorizer.AuthorizationResult.ALLOWED));
    }

    static List<AclBinding> acls(int count) {
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow("User:ANONYMOUS", ResourceType.TOPIC, "sec-", PatternType.PREFIXED, AclOperation.ALL));
        acls.add(allow("User:ANONYMOUS", ResourceType.GROUP, "load-", PatternType.PREFIXED, AclOperation.ALL));
        for (int i = 0; acls.size() < count && i < 50; i++) {
            acls.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "sec-", PatternType.PREFIXED),
                    new AccessControlEntry("User:intruder-" + i, "*", AclOperation.WRITE, AclPermissionType.DENY)));
        }
        for (int i = 0; acls.size() < count; i++) {
            boolean prefixed = i % 10 == 0;
            ResourceType type = i % 3 == 0 ? ResourceType.GROUP : ResourceType.TOPIC;
            acls.add(allow("User:service-" + i, type, (prefixed ? "svc-prefix-" : "svc-topic-") + i,
                    prefixed ? PatternType.PREFIXED : PatternType.LITERAL,
                    type == ResourceType.GROUP ? AclOperation.READ : AclOperation.WRITE));
        }
        return acls;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    interface Check {
        boolean allowed();
    }

    /** Median over 5 rounds of 2 s (after 2 s of warm-up) of the nanoseconds per allowed check. */
    private static double nanosPerCheck(Check check) {
        double[] rounds = new double[5];
        for (int round = -1; round < rounds.length; round++) {
            long calls = 0;
            long start = System.nanoTime();
            long end = start + 2_000_000_000L;
            long now;
            do {
                for (int i = 0; i < 1000; i++) {
                    if (!check.allowed()) {
                        throw new AssertionError("the benchmark's principal is denied");
                    }
                }
                calls += 1000;
            } while ((now = System.nanoTime()) < end);
            if (round >= 0) {
                rounds[round] = (double) (now - start) / calls;
            }
        }
        java.util.Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    private record Context(InetAddress clientAddress) implements AuthorizableRequestContext {
        @Override
        public String listenerName() {
            return "PLAINTEXT";
        }

        @Override
        public SecurityProtocol securityProtocol() {
            return SecurityProtocol.PLAINTEXT;
        }

        @Override
        public KafkaPrincipal principal() {
            return USER;
        }

        @Override
        public int requestType() {
            return 0;
        }

        @Override
        public int requestVersion() {
            return 11;
        }

        @Override
        public String clientId() {
            return "security-bench";
        }

        @Override
        public int correlationId() {
            return 1;
        }
    }
}
