package dev.voltstream.broker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.voltstream.broker.console.security.TestKeyStore;

/**
 * The console of a secured broker (SASL_PLAINTEXT with SCRAM-SHA-512, ACLs, {@code super.users=User:admin}), served
 * over HTTPS with a key store made by keytool: logins (SCRAM users and the configured admin), the broker's ACLs on
 * every call (hiding, 403s), and the audit log file.
 */
class SecureConsoleIT {
    @TempDir
    static Path dir;
    static ConsoleCluster cluster;
    static Path audit;
    static TestKeyStore keyStore;

    @BeforeAll
    static void start() throws Exception {
        keyStore = TestKeyStore.create(dir.resolve("console.p12"));
        audit = dir.resolve("logs/audit.log");
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "SASL_PLAINTEXT://127.0.0.1:0");
        config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        config.put("voltstream.scram.bootstrap", "SCRAM-SHA-512=[name=admin,password=admin-secret];"
                + "SCRAM-SHA-256=[name=alice,password=alice-secret]");
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("super.users", "User:admin");
        config.put("console.listener", "https://127.0.0.1:0");
        config.put("console.ssl.keystore.location", keyStore.file().toString());
        config.put("console.ssl.keystore.password", TestKeyStore.PASSWORD);
        config.put("console.admin.user", "ops");
        config.put("console.admin.password", "ops-secret");
        config.put("voltstream.audit.log.file", audit.toString());
        // the console's own Kafka identity: the super user
        config.putAll(prefixed("console.kafka.", kafkaLogin("admin", "admin-secret")));
        cluster = new ConsoleCluster(dir.resolve("data"), config, keyStore.trustingClient());

        Map<String, Object> admin = new HashMap<>(kafkaLogin("admin", "admin-secret"));
        admin.put("bootstrap.servers", cluster.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic("visible", 1, (short) 1), new NewTopic("hidden", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            for (String group : List.of("alice-group", "other-group")) {
                client.alterConsumerGroupOffsets(group, Map.of(new TopicPartition("visible", 0),
                        new OffsetAndMetadata(0), new TopicPartition("hidden", 0), new OffsetAndMetadata(0)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
        cluster.broker().authorizer().orElseThrow().add(List.of(
                allow("alice", ResourceType.TOPIC, "visible", AclOperation.READ),
                allow("alice", ResourceType.GROUP, "alice-group", AclOperation.DESCRIBE)));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theConsoleIsServedOverHttpsAndAsksForALogin() throws Exception {
        assertThat(cluster.url()).startsWith("https://127.0.0.1:");
        for (String path : List.of("/", "/api/topics", "/metrics")) {
            ConsoleCluster.Response response = cluster.send(request(path, null, null));
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
            assertThat(response.json().get("status").asInt()).isEqualTo(401);
        }
        var raw = java.net.http.HttpClient.newBuilder().sslContext(keyStore.trustingClient()).build()
                .send(request("/api/topics", null, null).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(raw.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Basic realm=\"Voltstream console\""));
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefusedAndAudited() throws Exception {
        assertThat(get("/api/topics", "alice", "not-her-password").status()).isEqualTo(401);
        assertThat(get("/api/topics", "mallory", "guess").status()).isEqualTo(401);
        assertThat(get("/api/topics", "ops", "wrong").status()).isEqualTo(401);
        assertThat(get("/api/topics", "alice", "alice-secret").status()).isEqualTo(200);

        List<JsonNode> lines = auditLines();
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get("principal").asText()).isEqualTo("User:alice");
            assertThat(l.get("operation").asText()).isEqualTo("AUTHENTICATE");
            assertThat(l.get("resourceName").asText()).isEqualTo("GET /api/topics");
            assertThat(l.get("decision").asText()).isEqualTo("DENIED");
            assertThat(l.get("reason").asText()).isEqualTo("wrong password");
            assertThat(l.get("host").asText()).isEqualTo("127.0.0.1");
        });
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get("principal").asText()).isEqualTo("User:mallory");
            assertThat(l.get("reason").asText()).isEqualTo("unknown user");
        });
        // grants are not written unless voltstream.audit.log.grants=true
        assertThat(lines).noneSatisfy(l -> assertThat(l.get("decision").asText()).isEqualTo("ALLOWED"));
    }

    @Test
    void theSuperUserSeesAndDoesEverything() throws Exception {
        assertThat(names(get("/api/topics", "admin", "admin-secret").json())).contains("visible", "hidden");
        assertThat(get("/api/topics/hidden", "admin", "admin-secret").json().get("configs")).isNotEmpty();
        assertThat(get("/metrics", "admin", "admin-secret").status()).isEqualTo(200);
        assertThat(send("POST", "/api/topics/visible/messages", "admin", "admin-secret",
                "{\"key\": \"k\", \"value\": \"from the admin\"}").status()).isEqualTo(201);
        assertThat(get("/api/groups", "admin", "admin-secret").json().findValuesAsText("groupId"))
                .contains("alice-group", "other-group");
    }

    @Test
    void whatAUserSeesFollowsItsAcls() throws Exception {
        assertThat(names(get("/api/topics", "alice", "alice-secret").json())).contains("visible")
                .doesNotContain("hidden");
        ConsoleCluster.Response hidden = get("/api/topics/hidden", "alice", "alice-secret");
        assertThat(hidden.status()).isEqualTo(403);
        assertThat(hidden.contentType()).isEqualTo("application/problem+json");
        assertThat(hidden.json().get("detail").asText()).contains("hidden");
        JsonNode visible = get("/api/topics/visible", "alice", "alice-secret").json();
        assertThat(visible.get("name").asText()).isEqualTo("visible");
        assertThat(visible.get("configs")).as("no DESCRIBE_CONFIGS: no configs").isEmpty();
        assertThat(get("/api/groups", "alice", "alice-secret").json().findValuesAsText("groupId"))
                .containsExactly("alice-group");
        assertThat(get("/api/groups/other-group", "alice", "alice-secret").status()).isEqualTo(403);
        // as OffsetFetch: the offsets of a topic she may not DESCRIBE are left out
        assertThat(get("/api/groups/alice-group", "alice", "alice-secret").json().get("offsets")
                .findValuesAsText("topic")).containsExactly("visible");
        assertThat(get("/api/groups/alice-group", "admin", "admin-secret").json().get("offsets")
                .findValuesAsText("topic")).containsExactlyInAnyOrder("visible", "hidden");
        // the configured admin is User:ops: logged in, but without ACLs it sees no topic
        JsonNode overview = get("/api/cluster", "ops", "ops-secret").json();
        assertThat(overview.get("topics").asInt()).isZero();
        assertThat(get("/api/cluster", "admin", "admin-secret").json().get("topics").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void readingNeedsReadAndChangingNeedsTheMatchingAcl() throws Exception {
        send("POST", "/api/topics/visible/messages", "admin", "admin-secret", "{\"value\": \"v\"}");
        ConsoleCluster.Response read = get("/api/topics/visible/messages?from=earliest", "alice", "alice-secret");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("messages")).isNotEmpty();
        assertThat(get("/api/topics/hidden/messages?from=earliest", "alice", "alice-secret").status()).isEqualTo(403);
        assertThat(send("POST", "/api/topics/visible/messages", "alice", "alice-secret", "{\"value\": \"no\"}")
                .status()).isEqualTo(403);
        assertThat(send("POST", "/api/topics", "alice", "alice-secret", "{\"name\": \"alices-own\"}").status())
                .isEqualTo(403);
        assertThat(send("PATCH", "/api/topics/visible/configs", "alice", "alice-secret",
                "{\"retention.ms\": \"1000\"}").status()).isEqualTo(403);
        assertThat(send("DELETE", "/api/topics/visible", "alice", "alice-secret", null).status()).isEqualTo(403);
        assertThat(get("/metrics", "alice", "alice-secret").status()).isEqualTo(403);
        assertThat(names(get("/api/topics", "admin", "admin-secret").json())).contains("visible")
                .doesNotContain("alices-own");

        assertThat(auditLines()).anySatisfy(l -> {
            assertThat(l.get("source").asText()).isEqualTo("console");
            assertThat(l.get("principal").asText()).isEqualTo("User:alice");
            assertThat(l.get("operation").asText()).isEqualTo("WRITE");
            assertThat(l.get("resourceType").asText()).isEqualTo("TOPIC");
            assertThat(l.get("resourceName").asText()).isEqualTo("visible");
            assertThat(l.get("decision").asText()).isEqualTo("DENIED");
        }).anySatisfy(l -> {
            assertThat(l.get("operation").asText()).isEqualTo("DELETE");
            assertThat(l.get("resourceName").asText()).isEqualTo("visible");
        });
    }

    private static ConsoleCluster.Response get(String path, String user, String password) throws Exception {
        return cluster.send(request(path, user, password).GET());
    }

    private static ConsoleCluster.Response send(String method, String path, String user, String password,
                                                String body) throws Exception {
        HttpRequest.Builder request = request(path, user, password).header("Content-Type", "application/json");
        return cluster.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpRequest.Builder request(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.url() + path));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private static List<String> names(JsonNode topics) {
        List<String> names = new ArrayList<>();
        topics.forEach(t -> names.add(t.get("name").asText()));
        return names;
    }

    private static List<JsonNode> auditLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(audit)) {
            lines.add(ConsoleCluster.JSON.readTree(line));
        }
        return lines;
    }

    private static Map<String, String> kafkaLogin(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";");
    }

    private static Map<String, String> prefixed(String prefix, Map<String, String> settings) {
        Map<String, String> result = new HashMap<>();
        settings.forEach((k, v) -> result.put(prefix + k, v));
        return result;
    }

    private static AclBinding allow(String user, ResourceType type, String name, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }
}
