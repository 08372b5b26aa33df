package dev.voltstream.broker.security.authz;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.CreateAclsRequestData.AclCreation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AclAuthorizerTest {
    private static final KafkaPrincipal ALICE = new KafkaPrincipal("User", "alice");
    private static final KafkaPrincipal BOB = new KafkaPrincipal("User", "bob");
    private static final InetAddress HOST1 = address("10.0.0.1");
    private static final InetAddress HOST2 = address("10.0.0.2");

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal, String host,
                                  AclOperation op, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, host, op, permission));
    }

    private static AclAuthorizer authorizer(AclBinding... acls) {
        AclAuthorizer authorizer = new AclAuthorizer(Set.of("User:admin"), false, AclStore.inMemory());
        authorizer.add(List.of(acls));
        return authorizer;
    }

    @Test
    void prefixedAllowMatchesOnlyNamesWithThePrefix() {
        AclAuthorizer a = authorizer(acl(TOPIC, "payments.", PREFIXED, "User:alice", "*", WRITE, ALLOW));
        assertThat(a.authorize(ALICE, HOST1, WRITE, TOPIC, "payments.card")).isTrue();
        assertThat(a.authorize(ALICE, HOST1, WRITE, TOPIC, "payments.")).isTrue();
        assertThat(a.authorize(ALICE, HOST1, WRITE, TOPIC, "payment")).isFalse();
        assertThat(a.authorize(ALICE, HOST1, WRITE, TOPIC, "orders")).isFalse();
        assertThat(a.authorize(ALICE, HOST1, READ, TOPIC, "payments.card")).isFalse();
        assertThat(a.authorize(BOB, HOST1, WRITE, TOPIC, "payments.card")).isFalse();
    }

    @Test
    void literalMatchesTheExactNameAndWildcardMatchesEveryName() {
        AclAuthorizer a = authorizer(acl(TOPIC, "orders", LITERAL, "User:alice", "*", READ, ALLOW),
                acl(GROUP, "*", LITERAL, "User:*", "*", READ, ALLOW));
        assertThat(a.authorize(ALICE, HOST1, READ, TOPIC, "orders")).isTrue();
        assertThat(a.authorize(ALICE, HOST1, READ, TOPIC, "orders2")).isFalse();
        assertThat(a.authorize(BOB, HOST1, READ, GROUP, "any-group")).isTrue();
    }

    @Test
    void denyBeatsAllowWhateverThePatternOrPrincipal() {
        AclAuthorizer a = authorizer(acl(TOPIC, "*", LITERAL, "User:alice", "*", ALL, ALLOW),
                acl(TOPIC, "secret", PREFIXED, "User:*", "*", READ, DENY));
        assertThat(a.authorize(ALICE, HOST1, READ, TOPIC, "public")).isTrue();
        assertThat(a.authorize(ALICE, HOST1, READ, TOPIC, "secret.keys")).isFalse();
        assertThat(a.authorize(ALICE, HOST1, WRITE, TOPIC, "secret.keys")).isTrue();
    }

    @Test
    void hostMustMatchUnlessWildcard() {
        AclAuthorizer a = authorizer(acl(TOPIC, "t", LITERAL, "User:alice", "10.0.0.1", READ, ALLOW));
        assertThat(a.authorize(ALICE, HOST1, READ, TOPIC, "t")).isTrue();
        assertThat(a.authorize(ALICE, HOST2, READ, TOPIC, "t")).isFalse();
    }

    @Test
    void allowOfReadWriteDeleteAlterImpliesDescribeButDenyImpliesNothing() {
        AclAuthorizer a = authorizer(acl(TOPIC, "t", LITERAL, "User:alice", "*", WRITE, ALLOW),
                acl(TOPIC, "c", LITERAL, "User:alice", "*", ALTER_CONFIGS, ALLOW),
                acl(TOPIC, "u", LITERAL, "User:alice", "*", DESCRIBE, ALLOW),
                acl(TOPIC, "u", LITERAL, "User:alice", "*", READ, DENY));
        assertThat(a.authorize(ALICE, HOST1, DESCRIBE, TOPIC, "t")).isTrue();
        assertThat(a.authorize(ALICE, HOST1, DESCRIBE_CONFIGS, TOPIC, "c")).isTrue();
        assertThat(a.authorize(ALICE, HOST1, DESCRIBE_CONFIGS, TOPIC, "t")).isFalse();
        assertThat(a.authorize(ALICE, HOST1, DESCRIBE, TOPIC, "u")).isTrue();
        assertThat(a.authorize(ALICE, HOST1, READ, TOPIC, "u")).isFalse();
    }

    @Test
    void superUsersMayDoAnythingEvenAgainstADeny() {
        AclAuthorizer a = authorizer(acl(TOPIC, "*", LITERAL, "User:*", "*", ALL, DENY));
        assertThat(a.authorize(new KafkaPrincipal("User", "admin"), HOST1, AclOperation.DELETE, TOPIC, "x")).isTrue();
        assertThat(a.authorize(ALICE, HOST1, READ, TOPIC, "x")).isFalse();
    }

    @Test
    void aResourceWithoutAclsIsAllowedOnlyWhenConfigured() {
        AclAuthorizer strict = new AclAuthorizer(Set.of(), false, AclStore.inMemory());
        AclAuthorizer open = new AclAuthorizer(Set.of(), true, AclStore.inMemory());
        open.add(List.of(acl(TOPIC, "guarded", LITERAL, "User:bob", "*", READ, ALLOW)));
        assertThat(strict.authorize(ALICE, HOST1, READ, TOPIC, "t")).isFalse();
        assertThat(open.authorize(ALICE, HOST1, READ, TOPIC, "t")).isTrue();
        // an ACL on the resource, even for someone else, means "no ACL found" no longer applies
        assertThat(open.authorize(ALICE, HOST1, READ, TOPIC, "guarded")).isFalse();
    }

    @Test
    void authorizeAnyFindsAnAllowNotCoveredByADeny() {
        AclAuthorizer a = authorizer(acl(TOPIC, "payments.", PREFIXED, "User:alice", "*", WRITE, ALLOW),
                acl(TOPIC, "x", LITERAL, "User:bob", "*", WRITE, ALLOW),
                acl(TOPIC, "*", LITERAL, "User:bob", "*", WRITE, DENY));
        assertThat(a.authorizeAny(ALICE, HOST1, WRITE, TOPIC)).isTrue();
        assertThat(a.authorizeAny(BOB, HOST1, WRITE, TOPIC)).isFalse();
        assertThat(a.authorizeAny(ALICE, HOST1, READ, TOPIC)).isFalse();
    }

    @Test
    void filtersMatchAnyAndMatchPatterns() {
        AclAuthorizer a = authorizer(acl(TOPIC, "payments.", PREFIXED, "User:alice", "*", WRITE, ALLOW),
                acl(TOPIC, "payments.card", LITERAL, "User:bob", "*", READ, ALLOW),
                acl(GROUP, "g", LITERAL, "User:bob", "*", READ, ALLOW));
        assertThat(a.acls(AclBindingFilter.ANY)).hasSize(3);
        assertThat(a.acls(new AclBindingFilter(new ResourcePatternFilter(TOPIC, "payments.card", PatternType.MATCH),
                AccessControlEntryFilter.ANY))).hasSize(2);
        List<List<AclBinding>> removed = a.remove(List.of(new AclBindingFilter(
                new ResourcePatternFilter(ResourceType.ANY, null, PatternType.ANY),
                new AccessControlEntryFilter("User:bob", null, AclOperation.ANY, AclPermissionType.ANY))));
        assertThat(removed.get(0)).hasSize(2);
        assertThat(a.acls(AclBindingFilter.ANY)).hasSize(1);
    }

    @Test
    void validationRefusesWhatKafkaRefuses() {
        assertThatThrownBy(() -> AclBindings.binding(new AclCreation().setResourceType(TOPIC.code())
                .setResourceName("t").setResourcePatternType(PatternType.MATCH.code()).setPrincipal("User:a")
                .setHost("*").setOperation(READ.code()).setPermissionType(ALLOW.code())))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> AclBindings.validate(acl(ResourceType.CLUSTER, "other", LITERAL, "User:a", "*",
                AclOperation.ALTER, ALLOW))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> AclBindings.validate(acl(TOPIC, "t", LITERAL, "alice", "*", READ, ALLOW)))
                .isInstanceOf(InvalidRequestException.class);
        AclBindings.validate(acl(TOPIC, "t", PREFIXED, "User:a", "*", READ, ALLOW));
    }

    @Test
    void aclFileKeepsEveryFieldAndRefusesANewerFormat(@TempDir Path dir) throws Exception {
        AclFile file = new AclFile(dir);
        List<AclBinding> acls = List.of(acl(TOPIC, "pay=ments. #x", PREFIXED, "User:a b", "10.0.0.1", WRITE, ALLOW),
                acl(GROUP, "g", LITERAL, "User:*", "*", READ, DENY));
        file.save(acls, List.of(), acls);
        assertThat(new AclFile(dir).load()).containsExactlyElementsOf(acls);
        Files.writeString(dir.resolve(AclFile.FILE), "version=2\nacl.count=0\n");
        assertThatThrownBy(() -> new AclFile(dir).load()).hasMessageContaining("format version 2");
    }
}
