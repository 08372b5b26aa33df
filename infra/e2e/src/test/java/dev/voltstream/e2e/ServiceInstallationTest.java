package dev.voltstream.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The system test fails, naming the service, when a service is not built — it never skips. */
class ServiceInstallationTest {

    @Test
    void namesEveryServiceWithoutQuarkusRunJar(@TempDir Path root) throws Exception {
        fakeApp(root, ServiceApp.PRODUCER);
        fakeApp(root, ServiceApp.NOTIFICATION);

        assertThatThrownBy(() -> ServiceInstallation.copy(root, root.resolve("work")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fraud-service")
                .hasMessageContaining("billing-service")
                .hasMessageNotContaining("ev-station-producer")
                .hasMessageNotContaining("notification-service (");
    }

    @Test
    void copiesEachQuarkusAppWithItsLibraries(@TempDir Path root) throws Exception {
        for (ServiceApp app : ServiceApp.values()) {
            fakeApp(root, app);
        }

        ServiceInstallation installation = ServiceInstallation.copy(root, root.resolve("work"));

        for (ServiceApp app : ServiceApp.values()) {
            Path jar = installation.runJar(app);
            assertThat(jar).isRegularFile().startsWith(root.resolve("work"));
            assertThat(jar.resolveSibling("lib").resolve("main").resolve("dep.jar")).hasContent(app.module());
        }
    }

    private static void fakeApp(Path root, ServiceApp app) throws Exception {
        Path quarkusApp = root.resolve(app.module()).resolve("target").resolve("quarkus-app");
        Files.createDirectories(quarkusApp.resolve("lib").resolve("main"));
        Files.writeString(quarkusApp.resolve("quarkus-run.jar"), "jar");
        Files.writeString(quarkusApp.resolve("lib").resolve("main").resolve("dep.jar"), app.module());
    }
}
