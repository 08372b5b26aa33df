package dev.voltstream.e2e;

import org.awaitility.Awaitility;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One service running as a child JVM ({@code java -Xmx256m -jar quarkus-run.jar}) on a fixed loopback port. */
public final class ServiceProcess implements AutoCloseable {
    private final ServiceApp app;
    private final int port;
    private final ChildJvm jvm;

    private ServiceProcess(ServiceApp app, int port, ChildJvm jvm) {
        this.app = app;
        this.port = port;
        this.jvm = jvm;
    }

    /**
     * Starts the service; {@code properties} become {@code -Dkey=value} (Quarkus reads system properties before
     * application.properties). Does not wait for it: see {@link #awaitReady(Duration)}.
     */
    public static ServiceProcess start(ServiceApp app, Path runJar, int port, Map<String, String> properties,
                                       Path log) {
        List<String> jvmArgs = new ArrayList<>(List.of(
                "-Xmx256m",
                // small heaps, 2 shared cores: the serial collector and no C2 start faster and cost the rest less
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
        return new ServiceProcess(app, port,
                ChildJvm.start(app.module(), jvmArgs, List.of("-jar", runJar.toString()), log));
    }

    /** Waits until /q/health/ready answers 200; fails at once, with the log's tail, when the JVM died. */
    public void awaitReady(Duration atMost) {
        JsonHttp http = http();
        try {
            Awaitility.await(app.module() + " ready").atMost(atMost).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!jvm.isAlive()) {
                            throw new IllegalStateException(jvm + " exited before it was ready:\n" + jvm.logTail(40));
                        }
                        return http.status("/q/health/ready") == 200;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(jvm + " not ready within " + atMost + ":\n" + jvm.logTail(40), e);
        }
    }

    public ServiceApp app() {
        return app;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return jvm.pid();
    }

    JsonHttp http() {
        return new JsonHttp(port);
    }

    /** SIGKILL (Process.destroyForcibly), as a crash mid-batch. */
    public void kill() {
        jvm.kill();
    }

    /** SIGTERM without waiting. */
    void terminate() {
        jvm.terminate();
    }

    @Override
    public void close() {
        jvm.close();
    }

    @Override
    public String toString() {
        return jvm.toString();
    }
}
