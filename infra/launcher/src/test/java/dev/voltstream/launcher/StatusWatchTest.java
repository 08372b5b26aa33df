package dev.voltstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which deaths end the demo: any service's, a single broker's, the last broker of a cluster. */
class StatusWatchTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private Process alive;

    @AfterEach
    void stop() {
        if (alive != null) {
            alive.destroyForcibly();
        }
    }

    private ManagedProcess alive(String name) throws Exception {
        alive = new ProcessBuilder("sleep", "60").start();
        return new ManagedProcess(name, alive, null);
    }

    private static ManagedProcess dead(String name) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return new ManagedProcess(name, p, null);
    }

    private StatusWatch watch(List<ManagedProcess> services, List<ManagedProcess> brokers, boolean replicated) {
        return new StatusWatch(null, services, brokers, replicated, out, () -> false);
    }

    @Test
    void aDeadServiceEndsTheDemo() throws Exception {
        assertThat(watch(List.of(dead("fraud-service")), List.of(alive("broker")), false).failure())
                .startsWith("fraud-service exited unexpectedly");
    }

    @Test
    void aDeadSingleBrokerEndsTheDemo() throws Exception {
        assertThat(watch(List.of(), List.of(dead("broker")), false).failure()).startsWith("broker exited");
    }

    @Test
    void aDeadClusterBrokerIsReportedOnceAndTheDemoGoesOnWhileOneIsLeft() throws Exception {
        ManagedProcess down = dead("broker-2");
        StatusWatch watch = watch(List.of(), List.of(alive("broker-1"), down), true);
        assertThat(watch.failure()).isNull();
        assertThat(watch.failure()).isNull();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).containsOnlyOnce(down + " is down; the cluster goes on "
                + "with 1 broker(s)");
        assertThat(watch(List.of(), List.of(dead("broker-1"), dead("broker-2")), true).failure())
                .startsWith("broker-1 exited");
    }
}
