import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Creates the ACLs of infra/load/security-bench.sh's authorised case, COUNT in all, through one CreateAcls request:
 * the benchmark's own principal (User:ANONYMOUS on PLAINTEXT) may do anything on topics prefixed "sec-" and groups
 * prefixed "load-"; 50 other principals are denied on "sec-" (so the benchmark's topic has ACLs of others to pass
 * over); the rest allow other principals on other topics, literal, every tenth prefixed. Prints the number created.
 *
 * usage: java -cp KAFKA_CLASSPATH CreateAcls.java BOOTSTRAP COUNT
 */
public class CreateAcls {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int count = Integer.parseInt(args[1]);
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
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createAcls(acls).all().get();
            System.out.println(acls.size());
        }
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
