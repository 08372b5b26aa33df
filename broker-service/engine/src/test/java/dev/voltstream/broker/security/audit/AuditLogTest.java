package dev.voltstream.broker.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.RollingLogFile;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.security.authz.AclAuthorizer;
import dev.voltstream.broker.security.authz.AclStore;

class AuditLogTest {
    @TempDir
    Path dir;

    @Test
    void anEntryIsOneLineOfJsonWhateverTheNamesHoldIn() {
        AuditEntry entry = new AuditEntry(Instant.parse("2026-12-07T20:00:00Z"), "kafka", "User:bob \"the\"\nbuilder",
                "10.0.0.7", "READ", "TOPIC", "pay\\ments\u0001", false, null);
        assertThat(entry.toJson()).isEqualTo("{\"time\":\"2026-12-07T20:00:00Z\",\"source\":\"kafka\","
                + "\"principal\":\"User:bob \\\"the\\\"\\nbuilder\",\"host\":\"10.0.0.7\",\"operation\":\"READ\","
                + "\"resourceType\":\"TOPIC\",\"resourceName\":\"pay\\\\ments\\u0001\",\"decision\":\"DENIED\"}");
        assertThat(new AuditEntry(Instant.EPOCH, "console", "User:x", "::1", "AUTHENTICATE", "CONSOLE", "GET /",
                true, "why").toJson()).endsWith(",\"decision\":\"ALLOWED\",\"reason\":\"why\"}");
    }

    @Test
    void theAuthorizerWritesItsDenialsAndOnlyWithGrantsOnItsGrants() throws Exception {
        Path file = dir.resolve("audit.log");
        KafkaPrincipal bob = new KafkaPrincipal("User", "bob");
        InetAddress host = InetAddress.getByName("127.0.0.1");
        AclBinding bobReads = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "payments", PatternType.LITERAL),
                new AccessControlEntry("User:bob", "*", AclOperation.READ, AclPermissionType.ALLOW));
        try (AuditLog audit = open(Map.of(AuditLog.FILE, file.toString()))) {
            AclAuthorizer authorizer = new AclAuthorizer(Set.of(), false, AclStore.inMemory(), audit);
            authorizer.add(List.of(bobReads));
            assertThat(authorizer.authorize(bob, host, AclOperation.READ, ResourceType.TOPIC, "payments")).isTrue();
            assertThat(authorizer.authorize(bob, host, AclOperation.WRITE, ResourceType.TOPIC, "payments")).isFalse();
            // a filtering check (Metadata listing topics) is not an audited denial, as in Kafka
            authorizer.authorize(bob, host, AclOperation.DESCRIBE, ResourceType.TOPIC, "secret", false);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"source\":\"kafka\",\"principal\":\"User:bob\",\"host\":\"127.0.0.1\","
                + "\"operation\":\"WRITE\",\"resourceType\":\"TOPIC\",\"resourceName\":\"payments\","
                + "\"decision\":\"DENIED\"");

        Path withGrants = dir.resolve("all.log");
        try (AuditLog audit = open(Map.of(AuditLog.FILE, withGrants.toString(), AuditLog.GRANTS, "true"))) {
            AclAuthorizer authorizer = new AclAuthorizer(Set.of("User:admin"), false, AclStore.inMemory(), audit);
            authorizer.authorize(new KafkaPrincipal("User", "admin"), host, AclOperation.ALTER, ResourceType.CLUSTER,
                    "kafka-cluster");
        }
        assertThat(Files.readAllLines(withGrants)).singleElement().asString()
                .contains("\"principal\":\"User:admin\"", "\"decision\":\"ALLOWED\"");
    }

    @Test
    void theFileRotatesBySizeAndNoLineIsSplit() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog audit = open(Map.of(AuditLog.FILE, file.toString(), AuditLog.MAX_BYTES, "2048",
                AuditLog.BACKUPS, "2"))) {
            for (int i = 0; i < 100; i++) {
                audit.record(new AuditEntry(Instant.now(), "kafka", "User:u" + i, "127.0.0.1", "READ", "TOPIC", "t",
                        false, null));
            }
        }
        for (Path part : List.of(file, dir.resolve("audit.log.1"), dir.resolve("audit.log.2"))) {
            assertThat(Files.size(part)).isLessThanOrEqualTo(2048);
            assertThat(Files.readAllLines(part)).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).startsWith("{\"time\":").endsWith("\"decision\":\"DENIED\"}"));
        }
        assertThat(dir.resolve("audit.log.3")).doesNotExist();
        assertThat(Files.readAllLines(file).get(Files.readAllLines(file).size() - 1)).contains("User:u99");
    }

    @Test
    void noFileIsWrittenUnlessOneIsNamed() {
        assertThat(AuditLog.Settings.from(new BrokerConfig(Map.of()))).isEmpty();
        assertThat(AuditLog.NONE.writesDenials()).isFalse();
        AuditLog.NONE.record(new AuditEntry(Instant.now(), "kafka", "User:x", "h", "READ", "TOPIC", "t", false, null));
    }

    /** As the broker opens it. */
    private static AuditLog open(Map<String, String> config) throws Exception {
        AuditLog.Settings s = AuditLog.Settings.from(new BrokerConfig(config)).orElseThrow();
        return new AuditLog(new RollingLogFile(s.path(), s.maxBytes(), s.backups()), s.path(), s.grants());
    }
}
