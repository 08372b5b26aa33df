package dev.voltstream.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.voltstream.broker.BrokerMain;

/** A single broker in a child JVM (started with {@link BrokerMain}, as users do), so a test can SIGKILL it. */
public final class BrokerProcess {
    private BrokerProcess() {
    }

    /** Starts a broker on {@code props}; its output goes to {@code broker.out} next to them. */
    public static Process start(Path props) throws IOException {
        return start(props, List.of("-Xmx256m"));
    }

    /** Starts a broker on {@code props} in a JVM with these options (heap size, ...). */
    public static Process start(Path props, List<String> jvmOptions) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = props.resolveSibling("broker.out");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(),
                props.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive()
                || Files.readString(out).contains("Voltstream broker started"));
        assertThat(process.isAlive()).as("broker started; see %s", out).isTrue();
        return process;
    }

    /** A port free right now, for a broker that must keep its port across restarts. */
    public static int freePort() {
        return FreePorts.next();
    }
}
