package dev.voltstream.broker.security.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsRequestData.AclCreation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.handler.CreateAclsHandler;

class AuthorizationConfigTest {
    private static BrokerConfig config(Map<String, String> values) {
        return new BrokerConfig(values);
    }

    @Test
    void kafkasAuthorizerClassTurnsItOnAndUnknownClassesAreRefused(@TempDir Path dir) {
        assertThat(Authorization.authorizer(config(Map.of()), dir, null)).isNull();
        AclAuthorizer authorizer = Authorization.authorizer(config(Map.of("authorizer.class.name",
                "org.apache.kafka.metadata.authorizer.StandardAuthorizer", "super.users", "User:a; User:b",
                "allow.everyone.if.no.acl.found", "true")), dir, null);
        assertThat(authorizer.isSuperUser(new KafkaPrincipal("User", "b"))).isTrue();
        assertThat(authorizer.authorize(new KafkaPrincipal("User", "c"), InetAddress.getLoopbackAddress(),
                AclOperation.READ, ResourceType.TOPIC, "t")).isTrue();
        assertThatThrownBy(() -> Authorization.authorizer(config(Map.of("authorizer.class.name",
                "kafka.security.authorizer.AclAuthorizer")), dir, null))
                .hasMessageContaining("StandardAuthorizer");
    }

    @Test
    void withoutAnAuthorizerCreateAclsAnswersSecurityDisabled() {
        CreateAclsRequestData request = new CreateAclsRequestData().setCreations(List.of(new AclCreation()
                .setResourceType(ResourceType.TOPIC.code()).setResourceName("t")
                .setResourcePatternType(PatternType.LITERAL.code()).setPrincipal("User:a").setHost("*")
                .setOperation(AclOperation.READ.code()).setPermissionType(AclPermissionType.ALLOW.code())));
        assertThat(new CreateAclsHandler(null).handle(null, request).toCompletableFuture().join()
                .results().get(0).errorCode()).isEqualTo(Errors.SECURITY_DISABLED.code());
    }
}
