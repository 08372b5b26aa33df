package dev.voltstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voltstream.contracts.Topics;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The secure demo's ACLs against what each service's configuration and outbox code actually use. */
class ServiceAclsTest {
    private static final Path REPO = RepoLayout.locate().root();
    /** An outbox row's topic in a service's code: {@code outbox.event(Topics.X, ...)} / {@code outbox.write(...)}. */
    private static final Pattern OUTBOX_ROW = Pattern.compile("outbox\\.(?:event|write)\\(Topics\\.([A-Z_]+)");

    @Test
    void fraudServiceMayReadTransactionsAndWriteVerdictsAndAlertsNothingElse() {
        assertThat(ServiceAcls.of(ServiceSpec.FRAUD).stream().map(ServiceAclsTest::describe))
                .containsExactlyInAnyOrder(
                        "TOPIC:LITERAL:transactions READ", "TOPIC:LITERAL:transactions.dlq WRITE",
                        "TOPIC:LITERAL:transactions.dlq CREATE", "GROUP:LITERAL:fraud-service READ",
                        "TOPIC:LITERAL:transaction-verdicts WRITE", "TOPIC:LITERAL:fraud-alerts WRITE",
                        "TRANSACTIONAL_ID:PREFIXED:fraud-service-outbox- WRITE");
        assertThat(ServiceAcls.of(ServiceSpec.FRAUD)).allSatisfy(acl -> {
            assertThat(acl.entry().principal()).isEqualTo("User:fraud-service");
            assertThat(acl.entry().host()).isEqualTo("*");
        });
        assertThat(ServiceAcls.of(ServiceSpec.PRODUCER).stream().map(ServiceAclsTest::describe))
                .containsExactlyInAnyOrder("TOPIC:LITERAL:station-status WRITE", "TOPIC:LITERAL:station-metrics WRITE",
                        "TOPIC:LITERAL:charging-sessions WRITE", "TOPIC:LITERAL:transactions WRITE");
    }

    @Test
    void eachServiceIsGrantedWhatItsConfigurationAndOutboxUseExactly() throws IOException {
        for (ServiceSpec service : ServiceSpec.ALL) {
            Properties props = applicationProperties(service);
            List<AclBinding> acls = ServiceAcls.of(service);
            Set<String> reads = values(props, "mp\\.messaging\\.incoming\\.[^.]+\\.topic");
            assertThat(granted(acls, AclOperation.READ, ResourceType.TOPIC)).as(service.module() + " reads")
                    .isEqualTo(reads);
            Set<String> groups = values(props, "mp\\.messaging\\.(incoming\\.[^.]+|connector\\.smallrye-kafka)"
                    + "\\.group\\.id");
            assertThat(granted(acls, AclOperation.READ, ResourceType.GROUP)).as(service.module() + " groups")
                    .isEqualTo(groups);
            Set<String> deadLetters = values(props, ".*\\.dead-letter-queue\\.topic");
            assertThat(granted(acls, AclOperation.CREATE, ResourceType.TOPIC)).as(service.module() + " DLQs")
                    .isEqualTo(deadLetters);
            Set<String> writes = new HashSet<>(values(props, "mp\\.messaging\\.outgoing\\.[^.]+\\.topic"));
            writes.addAll(outboxTopics(service));
            writes.addAll(deadLetters);
            assertThat(granted(acls, AclOperation.WRITE, ResourceType.TOPIC)).as(service.module() + " writes")
                    .isEqualTo(writes);
            boolean transactionalOutbox = !outboxTopics(service).isEmpty()
                    && !"false".equals(props.getProperty("voltstream.outbox.enabled"))
                    && !"false".equals(props.getProperty("voltstream.outbox.transactional"));
            assertThat(acls.stream().filter(a -> a.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID)
                    .map(ServiceAclsTest::describe).toList()).as(service.module() + " transactional ids")
                    .isEqualTo(transactionalOutbox
                            ? List.of("TRANSACTIONAL_ID:PREFIXED:" + props.getProperty("quarkus.application.name")
                                    + "-outbox- WRITE")
                            : List.of());
        }
    }

    private static String describe(AclBinding acl) {
        return acl.pattern().resourceType() + ":" + acl.pattern().patternType() + ":" + acl.pattern().name() + " "
                + acl.entry().operation();
    }

    private static Set<String> granted(List<AclBinding> acls, AclOperation operation, ResourceType type) {
        return acls.stream().filter(a -> a.entry().operation() == operation && a.pattern().resourceType() == type)
                .peek(a -> assertThat(a.pattern().patternType()).isEqualTo(PatternType.LITERAL))
                .map(a -> a.pattern().name()).collect(Collectors.toSet());
    }

    private static Set<String> values(Properties props, String keyPattern) {
        return props.stringPropertyNames().stream().filter(k -> k.matches(keyPattern)).map(props::getProperty)
                .collect(Collectors.toSet());
    }

    private static Properties applicationProperties(ServiceSpec service) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(
                REPO.resolve(service.module()).resolve("src/main/resources/application.properties"))) {
            props.load(in);
        }
        return props;
    }

    /** The topics the service's code puts outbox rows for (Topics constants resolved to their names). */
    private static Set<String> outboxTopics(ServiceSpec service) throws IOException {
        Set<String> topics = new HashSet<>();
        try (Stream<Path> files = Files.walk(REPO.resolve(service.module()).resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = OUTBOX_ROW.matcher(Files.readString(file));
                while (m.find()) {
                    topics.add(topicName(m.group(1)));
                }
            }
        }
        return topics;
    }

    private static String topicName(String constant) {
        try {
            Field field = Topics.class.getField(constant);
            return (String) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no Topics." + constant, e);
        }
    }
}
