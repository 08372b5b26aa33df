package dev.voltstream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voltstream.contracts.Topics;
import dev.voltstream.testkit.PostgresDatabase;
import dev.voltstream.testkit.PostgresFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference system end to end (issue 5): the broker, an embedded PostgreSQL and the four services as child JVMs;
 * thousands of simulated transactions and charging sessions plus every fraud scenario, billing-service SIGKILLed
 * mid-stream and restarted; then, once the pipeline drained, SYSTEM.md's invariants over the topics and the databases.
 * The same scenario runs against Voltstream and against Apache Kafka: the services are ordinary Kafka applications.
 */
class PipelineE2EIT {
    /** Simulated events per second (all types; 60 % of them transactions) and how many to send in all. */
    private static final double RATE = Double.parseDouble(System.getProperty("e2e.rate", "150"));
    private static final long EVENTS = Long.getLong("e2e.events", 3600);

    private static final List<String> TOPICS = List.of(Topics.STATION_STATUS, Topics.STATION_METRICS,
            Topics.CHARGING_SESSIONS, Topics.TRANSACTIONS, Topics.TRANSACTION_VERDICTS, Topics.FRAUD_ALERTS,
            Topics.ACCOUNT_UPDATES, Topics.INVOICES);

    private static Path workDir;
    private static ServiceInstallation installation;

    @BeforeAll
    static void installServices() {
        workDir = Path.of(System.getProperty("e2e.work.dir", "target/e2e")).toAbsolutePath();
        Path servicesRoot = Path.of(System.getProperty("e2e.services.root", "../..")).toAbsolutePath().normalize();
        installation = ServiceInstallation.copy(servicesRoot, workDir); // fails naming any service not built
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void invariantsHoldAfterTrafficFraudScenariosAndACrash(BrokerKind kind) throws Exception {
        Path runDir = workDir.resolve(kind.name().toLowerCase());
        ServiceInstallation.deleteTree(runDir); // logs of an earlier run would mix with this one's
        Timings timings = new Timings(kind);
        PostgresDatabase database = PostgresFixture.newDatabase("e2e");
        try (BrokerUnderTest broker = kind.start(runDir);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
             ServiceFleet fleet = new ServiceFleet(installation, broker.bootstrapServers(), database,
                     runDir.resolve("logs"));
             Connection db = database.connect()) {
            timings.lap("broker and database up");
            createTopics(admin);
            fleet.startAll();
            timings.lap("four services ready");

            Simulator simulator = new Simulator(fleet.get(ServiceApp.PRODUCER));
            simulator.start(RATE);
            List<Simulator.ScenarioRun> scenarios = runEveryScenario(simulator, fleet.get(ServiceApp.FRAUD));
            awaitAcked(simulator, EVENTS * 2 / 5);
            awaitBillingBusy(db); // the kill lands mid-stream: billing is posting payments, not still booting
            long killedPid = fleet.get(ServiceApp.BILLING).pid();
            ServiceProcess billing = fleet.killAndRelaunch(ServiceApp.BILLING);
            assertThat(billing.pid()).as("billing-service relaunched as a new process").isNotEqualTo(killedPid);
            timings.lap("billing-service SIGKILLed and relaunched");
            awaitAcked(simulator, EVENTS);
            JsonNode status = simulator.stop();
            assertThat(status.path("failed").asLong()).as("events the producer failed to send: %s", status).isZero();
            timings.lap("simulation stopped after " + status.path("acked").asLong() + " events");
            fleet.awaitReady(ServiceApp.BILLING);
            timings.lap("billing-service ready again");

            awaitDrained(new PipelineDrain(admin, db, broker.bootstrapServers()), fleet);
            timings.lap("pipeline drained");

            TopicSnapshot topics = TopicSnapshot.read(broker.bootstrapServers());
            timings.lap("topics read back");
            System.out.printf("[e2e %s] %d transaction records, %d verdicts, %d alerts, %d completed sessions, "
                            + "%d invoices%n", kind, topics.transactions().size(), topics.verdicts().size(),
                    topics.alerts().size(), topics.completedSessions().size(), topics.invoices().size());
            // 60 % of the simulated events are transactions, plus scenarios and billing's CHARGING ones
            assertThat(topics.transactions().size()).as("transaction records")
                    .isGreaterThanOrEqualTo((int) (EVENTS * 0.55));
            assertThat(topics.completedSessions()).as("charging sessions completed").isNotEmpty();
            assertThat(topics.alerts()).as("fraud alerts raised").isNotEmpty();
            SystemInvariants.assertHold(topics, db, scenarios);
            timings.lap("invariants checked");
        } finally {
            PostgresFixture.drop(database);
            timings.total();
        }
    }

    /** Every fraud scenario, while ordinary traffic flows; blocked-account on an account blocked in fraud-service. */
    static List<Simulator.ScenarioRun> runEveryScenario(Simulator simulator, ServiceProcess fraud) {
        List<Simulator.ScenarioRun> runs = new ArrayList<>();
        for (String scenario : Simulator.SELF_CONTAINED_SCENARIOS) {
            runs.add(simulator.run(scenario, null));
        }
        String blocked = runs.get(0).accountId();
        fraud.http().put("/api/accounts/" + blocked + "/block", Map.of("reason", "e2e: stolen card"));
        runs.add(simulator.run(Simulator.BLOCKED_ACCOUNT, blocked));
        return runs;
    }

    static void awaitAcked(Simulator simulator, long events) {
        Awaitility.await("producer acknowledged " + events + " events")
                .atMost(Duration.ofSeconds((long) (3 * EVENTS / RATE) + 30)).pollInterval(Duration.ofMillis(250))
                .until(() -> simulator.status().path("acked").asLong() >= events);
    }

    static void awaitBillingBusy(Connection db) {
        Tables tables = new Tables(db);
        Awaitility.await("billing-service posted 100 payments (200 ledger lines)").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> tables.count("select count(*) from billing.ledger_entry where posting_id like 'tx:%'")
                        >= 200);
    }

    /**
     * Drained: no lag, no unpublished outbox row, twice in a row over the same log-end offsets (nothing moving). On a
     * timeout the failure carries the last backlog (which partitions lag) and the services' WARN/ERROR log lines.
     */
    static void awaitDrained(PipelineDrain drain, ServiceFleet fleet) {
        AtomicReference<PipelineDrain.Backlog> last = new AtomicReference<>();
        try {
            Awaitility.await("pipeline drained").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        PipelineDrain.Backlog now = drain.backlog();
                        PipelineDrain.Backlog before = last.getAndSet(now);
                        return now.empty() && before != null && before.empty()
                                && before.totalEndOffset() == now.totalEndOffset();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("pipeline did not drain; last backlog: " + last.get() + "\n"
                    + fleet.problems(60, last.get() == null ? List.of() : last.get().laggingPartitions()), e);
        }
    }

    static void createTopics(Admin admin) throws InterruptedException, ExecutionException {
        List<NewTopic> topics = TOPICS.stream()
                .map(t -> new NewTopic(t, BrokerUnderTest.PARTITIONS, (short) 1).configs(Topics.configs(t))).toList();
        try {
            admin.createTopics(topics).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Phase timings on stdout, for the budget (the whole IT under 4 minutes on 2 cores). */
    static final class Timings {
        private final BrokerKind kind;
        private final long start = System.nanoTime();
        private long lap = start;

        Timings(BrokerKind kind) {
            this.kind = kind;
        }

        void lap(String phase) {
            long now = System.nanoTime();
            System.out.printf("[e2e %s] %-50s %6.1f s (at %6.1f s)%n", kind, phase, (now - lap) / 1e9,
                    (now - start) / 1e9);
            lap = now;
        }

        void total() {
            System.out.printf("[e2e %s] total %.1f s%n", kind, (System.nanoTime() - start) / 1e9);
        }
    }
}
