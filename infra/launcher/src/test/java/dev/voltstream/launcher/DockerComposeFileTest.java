package dev.voltstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voltstream.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks infra/docker-compose.yml against the repository without Docker: every build context, Dockerfile and
 * module it names exists, every file a Dockerfile copies exists, every environment variable is read by the
 * service's application.properties (or its Dockerfile), every published port is the service's HTTP port, every
 * dependency and volume is declared, the three brokers form one RF=3 quorum, and the one-shot topic setup creates
 * the topics that need configs of their own (event-contracts' {@code Topics.configs}) before the services start.
 */
class DockerComposeFileTest {
    private static final Path REPO = RepoLayout.locate().root();
    private static final Path COMPOSE = REPO.resolve("infra/docker-compose.yml");
    /** The one-shot topic setup. */
    private static final String TOPICS = "topics";
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        compose = new Yaml().load(Files.readString(COMPOSE));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void runsThreeBrokersPostgresTheTopicSetupAndTheFourServices() {
        assertThat(services).containsOnlyKeys("broker-1", "broker-2", "broker-3", "postgres", TOPICS,
                "ev-station-producer", "fraud-service", "billing-service", "notification-service");
    }

    @Test
    void theTopicSetupCreatesStationStatusCompactedBeforeEveryService() {
        Map<String, Object> setup = services.get(TOPICS);
        assertThat(setup.get("image")).asString().startsWith("apache/kafka:");
        String script = String.join("\n", list(setup.get("command")));
        assertThat(Topics.configs(Topics.STATION_STATUS)).containsEntry("cleanup.policy", "compact,delete");
        assertThat(script).contains("kafka-topics.sh", "--create --if-not-exists --topic " + Topics.STATION_STATUS,
                "--config cleanup.policy=compact,delete", "--replication-factor 3",
                "--entity-name " + Topics.STATION_STATUS, "--add-config 'cleanup.policy=[compact,delete]'");
        for (String service : quarkusServices()) {
            assertThat(map(map(services.get(service).get("depends_on")).get(TOPICS)).get("condition"))
                    .as(service + " waits for the topic setup").isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void everyImageIsBuiltFromAnExistingContextAndDockerfile() throws IOException {
        for (var e : services.entrySet()) {
            if (e.getKey().equals("postgres") || e.getKey().equals(TOPICS)) {
                assertThat(e.getValue().get("image")).asString().startsWith(e.getKey().equals(TOPICS)
                        ? "apache/kafka:" : "postgres:");
                continue;
            }
            Map<String, Object> build = map(e.getValue().get("build"));
            Path context = COMPOSE.getParent().resolve((String) build.get("context")).normalize();
            assertThat(context).as(e.getKey() + " build context").isEqualTo(REPO);
            Path dockerfile = context.resolve((String) build.get("dockerfile"));
            assertThat(dockerfile).as(e.getKey() + " Dockerfile").isRegularFile();
            assertThat(Path.of(dockerfile + ".dockerignore")).isRegularFile();
            for (String source : copiedSources(dockerfile)) {
                assertThat(context.resolve(source)).as(dockerfile.getFileName() + " copies " + source).exists();
            }
        }
    }

    @Test
    void everyServiceImageBuildsAQuarkusModuleOfTheRootPom() throws IOException {
        String rootPom = Files.readString(REPO.resolve("pom.xml"));
        for (String service : quarkusServices()) {
            Map<String, Object> args = map(map(services.get(service).get("build")).get("args"));
            assertThat(args.get("MODULE")).as(service + " MODULE").isEqualTo(service);
            assertThat(rootPom).contains("<module>" + service + "</module>");
            assertThat(Files.readString(REPO.resolve(service).resolve("pom.xml"))).contains("quarkus-maven-plugin");
            Path dockerfile = REPO.resolve((String) map(services.get(service).get("build")).get("dockerfile"));
            assertThat(Files.readString(dockerfile)).contains("ARG MODULE", "${MODULE}/target/quarkus-app/");
        }
    }

    @Test
    void everyEnvironmentVariableIsReadByTheService() throws IOException {
        for (String service : quarkusServices()) {
            String properties = Files.readString(applicationProperties(service));
            String dockerfile = Files.readString(
                    REPO.resolve((String) map(services.get(service).get("build")).get("dockerfile")));
            Map<String, Object> env = map(services.get(service).get("environment"));
            assertThat(env).as(service + " environment").containsKey("KAFKA_BOOTSTRAP_SERVERS");
            for (String name : env.keySet()) {
                assertThat(properties.contains("${" + name + ":") || properties.contains("${" + name + "}")
                        || dockerfile.contains("$" + name))
                        .as(service + ": " + name + " is read by application.properties or the Dockerfile").isTrue();
            }
            boolean usesDb = properties.contains("quarkus.datasource.jdbc.url");
            assertThat(env.containsKey("VOLTSTREAM_DB_URL")).as(service + " gets a DB URL iff it has a datasource")
                    .isEqualTo(usesDb);
            if (usesDb) {
                assertThat((String) env.get("VOLTSTREAM_DB_URL")).startsWith("jdbc:postgresql://postgres:5432/"
                        + map(services.get("postgres").get("environment")).get("POSTGRES_DB"));
            }
            for (String server : ((String) env.get("KAFKA_BOOTSTRAP_SERVERS")).split(",")) {
                assertThat(services).containsKey(server.split(":")[0]);
            }
        }
    }

    @Test
    void everyPublishedPortIsTheServicesHttpPortAndItsHealthcheckProbesIt() throws IOException {
        for (String service : quarkusServices()) {
            Properties props = new Properties();
            try (var in = Files.newBufferedReader(applicationProperties(service))) {
                props.load(in);
            }
            String port = props.getProperty("quarkus.http.port");
            assertThat(port).as(service + " quarkus.http.port").isNotNull();
            assertThat(list(services.get(service).get("ports"))).containsExactly(port + ":" + port);
            String health = String.join(" ", list(map(services.get(service).get("healthcheck")).get("test")));
            assertThat(health).contains("/dev/tcp/localhost/" + port, "/q/health/ready");
        }
    }

    @Test
    void everyServiceHasAHealthcheckAndDependsOnlyOnHealthyDeclaredServices() {
        for (var e : services.entrySet()) {
            if (!e.getKey().equals(TOPICS)) { // a one-shot: the services wait for it to complete
                assertThat(e.getValue()).as(e.getKey() + " healthcheck").containsKey("healthcheck");
            }
            Object dependsOn = e.getValue().get("depends_on");
            if (dependsOn == null) {
                continue;
            }
            for (var dep : map(dependsOn).entrySet()) {
                assertThat(services).as(e.getKey() + " depends on " + dep.getKey()).containsKey(dep.getKey());
                assertThat(map(dep.getValue()).get("condition")).isEqualTo(dep.getKey().equals(TOPICS)
                        ? "service_completed_successfully" : "service_healthy");
            }
        }
        for (String service : List.of("fraud-service", "billing-service", "notification-service")) {
            assertThat(map(services.get(service).get("depends_on"))).containsKeys("postgres", "broker-1");
        }
    }

    @Test
    void everyVolumeIsANamedVolumeDeclaredAtTheTop() {
        Set<String> declared = map(compose.get("volumes")).keySet();
        Set<String> used = new HashSet<>();
        for (var e : services.entrySet()) {
            for (String volume : list(e.getValue().getOrDefault("volumes", List.of()))) {
                used.add(volume.split(":")[0]);
            }
        }
        assertThat(used).containsExactlyInAnyOrderElementsOf(declared).hasSize(4);
    }

    @Test
    void theBrokersFormOneQuorumWithReplicationFactorThree() {
        Set<String> nodeIds = new HashSet<>();
        for (int i = 1; i <= 3; i++) {
            Map<String, String> overrides = overrides("broker-" + i);
            nodeIds.add(overrides.get("node.id"));
            assertThat(overrides).containsEntry("node.id", String.valueOf(i))
                    .containsEntry("process.roles", "broker,controller")
                    .containsEntry("controller.listener.names", "CONTROLLER")
                    .containsEntry("advertised.listeners", "PLAINTEXT://broker-" + i + ":9092")
                    .containsEntry("default.replication.factor", "3")
                    .containsEntry("controller.quorum.voters", "1@broker-1:9093,2@broker-2:9093,3@broker-3:9093")
                    .containsKey("log.dirs");
            String dataVolume = list(services.get("broker-" + i).get("volumes")).get(0);
            assertThat(dataVolume).isEqualTo("broker-" + i + "-data:" + overrides.get("log.dirs"));
        }
        assertThat(nodeIds).hasSize(3);
    }

    @Test
    void theBrokerImageRunsWhatBrokerStartRuns() throws IOException {
        String common = Files.readString(REPO.resolve("infra/lib/common.sh"));
        String module = value(common, "BROKER_MODULE");
        String mainClass = value(common, "BROKER_MAIN_CLASS");
        String dockerfile = Files.readString(REPO.resolve("infra/docker/broker.Dockerfile"));
        assertThat(dockerfile).contains("-pl " + module + " ", "/src/" + module + "/target/lib/", " " + mainClass + " ");
        assertThat(REPO.resolve(module).resolve("pom.xml")).isRegularFile();
        assertThat(REPO.resolve(module).resolve("src/main/java").resolve(mainClass.replace('.', '/') + ".java"))
                .isRegularFile();
    }

    private static String value(String shell, String variable) {
        Matcher m = Pattern.compile("(?m)^" + variable + "=(\\S+)$").matcher(shell);
        assertThat(m.find()).as(variable + " in common.sh").isTrue();
        return m.group(1);
    }

    private static Map<String, String> overrides(String broker) {
        List<String> command = list(services.get(broker).get("command"));
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).equals("--override")) {
                String[] kv = command.get(++i).split("=", 2);
                overrides.put(kv[0], kv[1]);
            }
        }
        return overrides;
    }

    private static List<String> quarkusServices() {
        return List.of("ev-station-producer", "fraud-service", "billing-service", "notification-service");
    }

    private static Path applicationProperties(String service) {
        return REPO.resolve(service).resolve("src/main/resources/application.properties");
    }

    /** The sources of the Dockerfile's COPY instructions that read the build context (not another stage). */
    static List<String> copiedSources(Path dockerfile) throws IOException {
        List<String> sources = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^COPY\\s+(?!--from)(.+)$").matcher(Files.readString(dockerfile));
        while (m.find()) {
            String[] parts = m.group(1).trim().split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                sources.add(parts[i]);
            }
        }
        return sources;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<String> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return ((List<Object>) o).stream().map(String::valueOf).toList();
    }
}
