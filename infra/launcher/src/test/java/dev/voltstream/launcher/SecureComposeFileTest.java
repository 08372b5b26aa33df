package dev.voltstream.launcher;

import static dev.voltstream.launcher.DockerComposeFileTest.list;
import static dev.voltstream.launcher.DockerComposeFileTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * infra/docker-compose.secure.yml, the compose file's secured variant, without Docker: it only overrides services of
 * infra/docker-compose.yml (and adds the one-shot {@code certs}), every broker keeps its node id and joins the same
 * quorum with SASL_SSL as its only client listener, each service logs in as its own user, and the ACLs the one-shot
 * {@code topics} creates are exactly {@link ServiceAcls}' (what {@code ./voltstream demo --secure} creates).
 */
class SecureComposeFileTest {
    private static final Path REPO = RepoLayout.locate().root();
    private static Map<String, Object> base;
    private static Map<String, Object> secure;

    @BeforeAll
    static void parse() throws IOException {
        base = map(new Yaml().<Map<String, Object>>load(Files.readString(REPO.resolve("infra/docker-compose.yml")))
                .get("services"));
        secure = map(new Yaml().<Map<String, Object>>load(
                Files.readString(REPO.resolve("infra/docker-compose.secure.yml"))).get("services"));
    }

    @Test
    void overridesOnlyServicesOfTheComposeFilePlusTheKeyMaterialOneShot() {
        Set<String> added = new HashSet<>(secure.keySet());
        added.removeAll(base.keySet());
        assertThat(added).containsExactly("certs");
        assertThat(String.join("\n", list(map(secure.get("certs")).get("command")))).contains("keytool -genkeypair",
                "SAN=dns:broker-1,dns:broker-2,dns:broker-3", "trust.p12");
    }

    @Test
    void theBrokersServeSaslSslWithScramOnlyUnderTheAuthorizerAndKeepTheirQuorum() {
        for (String broker : List.of("broker-1", "broker-2", "broker-3")) {
            List<String> command = list(map(secure.get(broker)).get("command"));
            List<String> baseCommand = list(map(base.get(broker)).get("command"));
            assertThat(command).as(broker).contains(baseCommand.stream()
                    .filter(a -> a.startsWith("node.id=") || a.startsWith("controller.quorum.voters="))
                    .toArray(String[]::new));
            assertThat(command).as(broker).contains("listeners=SASL_SSL://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093",
                    "advertised.listeners=SASL_SSL://" + broker + ":9092", "sasl.enabled.mechanisms=SCRAM-SHA-512",
                    "inter.broker.listener.name=SASL_SSL", "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                    "authorizer.class.name=" + DemoSecurity.AUTHORIZER,
                    "super.users=User:broker;User:admin;User:console");
            String bootstrap = command.stream().filter(a -> a.startsWith("voltstream.scram.bootstrap="))
                    .findFirst().orElseThrow();
            for (String user : DemoSecurity.users()) {
                assertThat(bootstrap).contains("[name=" + user + ",");
            }
        }
    }

    @Test
    void eachServiceLogsInAsItsOwnUser() {
        for (ServiceSpec service : ServiceSpec.ALL) {
            Map<String, Object> env = map(map(secure.get(service.module())).get("environment"));
            assertThat(env).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/secure/trust.p12");
            assertThat((String) env.get("KAFKA_SASL_JAAS_CONFIG")).contains("username=\"" + service.module() + "\"");
        }
    }

    @Test
    void theTopicSetupCreatesExactlyTheLaunchersAcls() {
        String script = String.join("\n", list(map(secure.get("topics")).get("command")));
        Set<String> created = new HashSet<>();
        for (String line : script.lines().filter(l -> l.startsWith("acl --allow-principal")).toList()) {
            created.addAll(bindings(line.split("\\s+")));
        }
        Set<String> expected = new HashSet<>();
        for (ServiceSpec service : ServiceSpec.ALL) {
            for (AclBinding acl : ServiceAcls.of(service)) {
                expected.add(acl.entry().principal() + " " + acl.entry().operation() + " "
                        + acl.pattern().resourceType() + ":" + acl.pattern().patternType() + ":" + acl.pattern().name());
            }
        }
        assertThat(created).isEqualTo(expected);
        assertThat(script).contains("--topic station-status", "cleanup.policy=compact,delete");
    }

    /** What one {@code kafka-acls.sh --add} line grants: every operation on every resource it names. */
    private static List<String> bindings(String[] args) {
        String principal = null;
        String pattern = "LITERAL";
        List<String> operations = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        for (int i = 1; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--allow-principal" -> principal = value;
                case "--operation" -> operations.add(value.toUpperCase());
                case "--topic" -> resources.add("TOPIC:" + value);
                case "--group" -> resources.add("GROUP:" + value);
                case "--transactional-id" -> resources.add("TRANSACTIONAL_ID:" + value);
                case "--resource-pattern-type" -> pattern = value.toUpperCase();
                default -> throw new AssertionError("unexpected " + args[i]);
            }
        }
        List<String> out = new ArrayList<>();
        for (String op : operations) {
            for (String r : resources) {
                String[] typeName = r.split(":", 2);
                out.add(principal + " " + op + " " + typeName[0] + ":" + pattern + ":" + typeName[1]);
            }
        }
        return out;
    }
}
