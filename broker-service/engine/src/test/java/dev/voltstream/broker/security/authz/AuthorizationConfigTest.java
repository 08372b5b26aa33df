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
import org.apache.kafka.common.message.CreateAclsResponseData;
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
        assertThat(Authorization.authorizer(config(Map.of()), dir, false)).isNull();
        AclAuthorizer authorizer = Authorization.authorizer(config(Map.of("authorizer.class.name",
                "org.apache.kafka.metadata.authorizer.StandardAuthorizer", "super.users", "User:a; User:b",
                "allow.everyone.if.no.acl.found", "true")), dir, false);
        assertThat(authorizer.isSuperUser(new KafkaPrincipal("User", "b"))).isTrue();
        assertThat(authorizer.authorize(new KafkaPrincipal("User", "c"), InetAddress.getLoopbackAddress(),
                AclOperation.READ, ResourceType.TOPIC, "t")).isTrue();
        assertThatThrownBy(() -> Authorization.authorizer(config(Map.of("authorizer.class.name",
                "kafka.security.authorizer.AclAuthorizer")), dir, false))
                .hasMessageContaining("StandardAuthorizer");
    }

    @Test
    void clusterModeRefusesAclChangesWithAClearError(@TempDir Path dir) {
        AclAuthorizer authorizer = Authorization.authorizer(config(Map.of("authorizer.class.name",
                "org.apache.kafka.metadata.authorizer.StandardAuthorizer")), dir, true);
        CreateAclsRequestData request = new CreateAclsRequestData().setCreations(List.of(new AclCreation()
                .setResourceType(ResourceType.TOPIC.code()).setResourceName("t")
                .setResourcePatternType(PatternType.LITERAL.code()).setPrincipal("User:a").setHost("*")
                .setOperation(AclOperation.READ.code()).setPermissionType(AclPermissionType.ALLOW.code())));
        CreateAclsResponseData response = new CreateAclsHandler(authorizer).handle(null, request)
                .toCompletableFuture().join();
        assertThat(response.results().get(0).errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(response.results().get(0).errorMessage()).contains("not supported in cluster mode");
        assertThat(new CreateAclsHandler(null).handle(null, request).toCompletableFuture().join()
                .results().get(0).errorCode()).isEqualTo(Errors.SECURITY_DISABLED.code());
    }
}
