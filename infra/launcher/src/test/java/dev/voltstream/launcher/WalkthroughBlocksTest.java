package dev.voltstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WalkthroughBlocksTest {

    @Test
    void takesTheBashBlocksOfTheWalkthroughOnlyAndHonoursSkipComments() {
        String md = """
                # Title
                ```bash
                echo before
                ```
                ## Walkthrough: x
                ### 1. Topics
                ```bash
                kafka-topics --bootstrap-server localhost:9092 --list
                ```
                text
                <!-- not run by DemoIT: needs Docker -->
                ```bash
                docker compose up
                ```
                ```json
                {"not": "run"}
                ```
                ### 2. Flow
                ```bash
                curl localhost:8083/api
                curl localhost:80830 localhost:9092x
                ```
                ## Configuration
                ```bash
                echo after
                ```
                """;
        List<WalkthroughBlocks.Block> blocks = WalkthroughBlocks.parse(md);
        assertThat(blocks).extracting(WalkthroughBlocks.Block::step).containsExactly("1. Topics", "2. Flow");
        assertThat(blocks.get(0).script()).isEqualTo("kafka-topics --bootstrap-server localhost:9092 --list\n");
        assertThat(WalkthroughBlocks.shiftPorts(blocks.get(1).script(), 1000))
                .isEqualTo("curl localhost:9083/api\ncurl localhost:80830 localhost:9092x\n");
    }

    @Test
    void demoItScalesTheWalkthroughsRatesToItsOwn() {
        assertThat(DemoIT.scaleRates("-d '{\"eventsPerSecond\": 1000}'; -d '{\"eventsPerSecond\": 100}'"))
                .isEqualTo("-d '{\"eventsPerSecond\": " + 10 * DemoIT.RATE + "}'; -d '{\"eventsPerSecond\": "
                        + DemoIT.RATE + "}'");
    }

    @Test
    void theReadmeHasAWalkthroughWithEveryStep() throws Exception {
        List<WalkthroughBlocks.Block> blocks = WalkthroughBlocks.read(RepoLayout.locate().root().resolve("README.md"));
        assertThat(blocks).extracting(WalkthroughBlocks.Block::step).contains("1. Topics", "2. Events and keys",
                "3. Partitions and key placement", "4. Retention", "4b. Compaction", "5. Consumer groups and lag",
                "7. The EV flow: a session becomes an invoice, a payment becomes a verdict and a notification",
                "8. A fraud scenario", "9. Transactions: an aborted write is never read");
        assertThat(String.join("", blocks.stream().map(WalkthroughBlocks.Block::script).toList()))
                .contains("kafka-console-producer.sh", "parse.key=true", "kafka-configs.sh", "kafka-consumer-groups.sh",
                        "cleanup.policy=compact,delete",
                        "--reset-offsets", "/api/scenarios/velocity-burst", "/api/invoices/by-session/",
                        "./voltstream transaction", "--isolation-level read_committed")
                .doesNotContain("docker", "quarkus:dev", "--brokers 3", "./voltstream demo");
    }
}
