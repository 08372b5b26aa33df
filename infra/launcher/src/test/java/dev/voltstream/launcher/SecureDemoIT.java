package dev.voltstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code voltstream demo --secure} end to end, kept short (CI time): the broker with SASL_SSL + SCRAM-SHA-512 only and
 * ACLs, the four services each logging in as its own user, until events flow through all of them (so every
 * principal's ACLs suffice); then README's step 12 (the admin lists topics and fraud-service's ACLs, fraud-service's
 * forged payment is refused with TOPIC_AUTHORIZATION_FAILED and audited, the HTTPS console answers 401) and the
 * console with the printed login; then SIGTERM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureDemoIT {
    /** Ports 10892 (broker), 7232 (PostgreSQL), 9880 (console), 9881-9884 (services): beside DemoIT's. */
    static final int OFFSET = 1800;

    private DemoProcess demo;
    private Path secure;

    @BeforeAll
    void startDemo() throws Exception {
        demo = DemoProcess.start("secure-demo-it", "--secure", "--port-offset", String.valueOf(OFFSET),
                "--status-interval", "1", "--start-timeout", "240", "--rate", "10", "--run-for", "900");
        secure = demo.state.resolve("data/secure");
    }

    @Test
    @Order(1)
    void everyServiceRunsUnderItsOwnUserAndEventsFlowEndToEnd() throws Exception {
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            assertThat(demo.launcher.isAlive()).as("launcher running; its output:\n%s", demo.out()).isTrue();
            return demo.lastStatus().filter(StatusLine::flowsEndToEnd).isPresent();
        });
        String out = demo.out();
        String admin = password("admin");
        assertThat(out).contains("Voltstream broker (SASL_SSL, SCRAM-SHA-512, ACLs)",
                "Console        https://localhost:" + (8080 + OFFSET) + "/  (login admin / " + admin + ";",
                "--command-config " + secure.resolve("admin.properties"),
                "--producer.config " + secure.resolve("fraud-service.properties"));
        for (ServiceSpec service : ServiceSpec.ALL) {
            assertThat(out).contains(service.module() + " is ready");
            assertThat(Files.readString(demo.state.resolve("logs").resolve(service.module() + ".log")))
                    .as(service.module() + " logs in as itself").doesNotContain("SaslAuthenticationException",
                            "AuthorizationException");
        }
    }

    @Test
    @Order(2)
    void theWalkthroughsSecurityStepShowsTheAdminAndARefusedRequest() throws Exception {
        assumeTrue(demo.launcher.isAlive() && demo.lastStatus().isPresent(), "the demo did not come up");
        List<WalkthroughBlocks.Block> blocks = WalkthroughBlocks.ofStep(demo.repo.root().resolve("README.md"), "12.");
        assertThat(blocks).hasSize(2);
        StringBuilder all = new StringBuilder();
        for (WalkthroughBlocks.Block block : blocks) {
            String script = WalkthroughBlocks.shiftPorts(block.script(), OFFSET)
                    .replace(".voltstream/", demo.state + "/");
            DemoProcess.Script run = demo.bash(script);
            assertThat(run.done()).as("finished:\n%s\n--- output:\n%s", script, run.out()).isTrue();
            assertThat(run.exitCode()).as("exit code of\n%s\n--- output:\n%s", script, run.out()).isZero();
            all.append(run.out());
        }
        assertThat(all).contains("transactions", "fraud-alerts",
                "(principal=User:fraud-service, host=*, operation=READ, permissionType=ALLOW)",
                "TopicAuthorizationException: Not authorized to access topics: [transactions]",
                "\"principal\":\"User:fraud-service\"", "\"operation\":\"WRITE\"", "\"resourceName\":\"transactions\"",
                "\"decision\":\"DENIED\"")
                .endsWith("401\n");
    }

    @Test
    @Order(3)
    void theConsoleServesHttpsAndLetsInThePrintedLoginOnly() throws Exception {
        assumeTrue(demo.launcher.isAlive(), "the demo is not running");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(secure.resolve("trust.p12"))) {
            trust.load(in, password(DemoPasswords.STORES).toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        URI topics = URI.create("https://localhost:" + (8080 + OFFSET) + "/api/topics");
        assertThat(get(http, topics, null).statusCode()).isEqualTo(401);
        assertThat(get(http, topics, "fraud-service:wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> asAdmin = get(http, topics, "admin:" + password("admin"));
        assertThat(asAdmin.statusCode()).isEqualTo(200);
        assertThat(asAdmin.body()).contains("transactions", "invoices");
        // a service's user logs in too, and sees only the topics its ACLs let it describe
        HttpResponse<String> asFraud = get(http, topics, "fraud-service:" + password("fraud-service"));
        assertThat(asFraud.statusCode()).isEqualTo(200);
        assertThat(asFraud.body()).contains("\"transactions\"").doesNotContain("\"invoices\"");
    }

    @Test
    @Order(4)
    void sigtermStopsIt() throws Exception {
        assumeTrue(demo.launcher.isAlive(), "the demo is not running");
        demo.launcher.destroy();
        assertThat(demo.launcher.waitFor(3, TimeUnit.MINUTES)).as("launcher exited").isTrue();
        assertThat(demo.out()).contains("Stopped.");
    }

    @AfterAll
    void stopWhateverIsLeft() {
        if (demo != null) {
            demo.stopWhateverIsLeft();
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI uri, String login) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (login != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String password(String name) throws Exception {
        Properties passwords = new Properties();
        try (InputStream in = Files.newInputStream(secure.resolve("passwords.properties"))) {
            passwords.load(in);
        }
        return passwords.getProperty(name);
    }
}
