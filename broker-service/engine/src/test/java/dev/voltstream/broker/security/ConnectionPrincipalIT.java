package dev.voltstream.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;

import dev.voltstream.broker.BrokerSecurity;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.Listener;
import dev.voltstream.broker.handler.ApiDispatcher;
import dev.voltstream.broker.network.BrokerServer;
import dev.voltstream.broker.network.NetworkLimits;
import dev.voltstream.broker.network.RequestProcessor;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.testkit.TlsMaterial;

/**
 * The principal and security protocol every request carries ({@link RequestContext#principal()}), recorded behind the
 * listeners: the certificate subject mapped by {@code ssl.principal.mapping.rules} on mutual TLS, ANONYMOUS on TLS
 * without a client certificate and on PLAINTEXT, the SASL user on SASL listeners.
 */
class ConnectionPrincipalIT {
    @TempDir
    static Path dir;
    static TlsMaterial tls;
    static final Queue<RequestContext> seen = new ConcurrentLinkedQueue<>();
    static final List<BrokerServer> servers = new ArrayList<>();
    static final Map<String, Integer> ports = new HashMap<>();
    static ExecutorService workers;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsMaterial.create(dir.resolve("tls"));
        Map<String, String> values = new HashMap<>();
        values.put("listeners", "MTLS://127.0.0.1:0,ONEWAY://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,"
                + "PLAINTEXT://127.0.0.1:0");
        values.put("listener.security.protocol.map", "MTLS:SSL,ONEWAY:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,"
                + "PLAINTEXT:PLAINTEXT");
        values.put("log.dirs", Files.createDirectories(dir.resolve("logs")).toString());
        values.put("ssl.keystore.location", tls.serverKeystore().toString());
        values.put("ssl.keystore.password", TlsMaterial.PASSWORD);
        values.put("listener.name.mtls.ssl.client.auth", "required");
        values.put("listener.name.mtls.ssl.truststore.location", tls.serverTruststore().toString());
        values.put("listener.name.mtls.ssl.truststore.password", TlsMaterial.PASSWORD);
        values.put("listener.name.mtls.ssl.principal.mapping.rules", "RULE:^CN=([^,]+),OU=Payments,.*$/$1/U,DEFAULT");
        values.put("listener.name.mtls.voltstream.ssl.engine", "jdk");
        values.put("sasl.enabled.mechanisms", "PLAIN");
        values.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_bob=\"bob-secret\";");
        BrokerConfig config = new BrokerConfig(values);
        BrokerSecurity security = BrokerSecurity.start(config, dir);
        ApiDispatcher dispatcher = new ApiDispatcher(security.apis());
        RequestProcessor recording = request -> {
            seen.add(request.context());
            return dispatcher.process(request);
        };
        workers = Executors.newFixedThreadPool(2);
        for (Listener listener : config.listeners()) {
            BrokerServer server = BrokerServer.start(listener, security.listener(listener), security.sessions(), 1,
                    NetworkLimits.from(config), dispatcher.versions(), recording, workers);
            servers.add(server);
            ports.put(listener.name(), server.port());
        }
    }

    @AfterAll
    static void stop() {
        servers.forEach(BrokerServer::close);
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    /** Connects an admin client (which sends ApiVersions once its connection is ready) and returns what it sent. */
    private static RequestContext firstRequestOn(String listener, Map<String, Object> security) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.get(listener));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        props.putAll(security);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster();
            return await().atMost(Duration.ofSeconds(15)).until(() -> seen.stream()
                    .filter(c -> c.listenerName().equals(listener) && !c.principal().equals(KafkaPrincipal.ANONYMOUS)
                            || c.listenerName().equals(listener) && !security.containsKey(SaslConfigs.SASL_MECHANISM))
                    .findFirst().orElse(null), c -> c != null);
        }
    }

    private static Map<String, Object> trusting() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.clientTruststore().toString());
        props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TlsMaterial.PASSWORD);
        return props;
    }

    @Test
    void mutualTlsPrincipalIsTheMappedCertificateSubject() {
        Map<String, Object> props = trusting();
        props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, tls.clientKeystore().toString());
        props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, TlsMaterial.PASSWORD);
        RequestContext context = firstRequestOn("MTLS", props);
        assertThat(context.principal()).isEqualTo(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "PAYMENTS-APP"));
        assertThat(context.securityProtocol()).isEqualTo(SecurityProtocol.SSL);
    }

    @Test
    void tlsWithoutAClientCertificateAndPlaintextAreAnonymous() {
        RequestContext oneWay = firstRequestOn("ONEWAY", trusting());
        assertThat(oneWay.principal()).isEqualTo(KafkaPrincipal.ANONYMOUS);
        assertThat(oneWay.securityProtocol()).isEqualTo(SecurityProtocol.SSL);
        RequestContext plain = firstRequestOn("PLAINTEXT", Map.of());
        assertThat(plain.principal()).isEqualTo(KafkaPrincipal.ANONYMOUS);
        assertThat(plain.securityProtocol()).isEqualTo(SecurityProtocol.PLAINTEXT);
    }

    @Test
    void saslPrincipalIsTheAuthenticatedUser() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"bob\" password=\"bob-secret\";");
        RequestContext context = firstRequestOn("SASL_PLAINTEXT", props);
        assertThat(context.principal()).isEqualTo(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "bob"));
        assertThat(context.securityProtocol()).isEqualTo(SecurityProtocol.SASL_PLAINTEXT);
    }
}
