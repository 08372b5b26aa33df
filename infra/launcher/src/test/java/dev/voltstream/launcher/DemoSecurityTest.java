package dev.voltstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --secure}'s generated key material, passwords and settings, on a fake checkout in a temp dir (one for
 * the class: keytool takes seconds).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoSecurityTest {
    @TempDir
    static Path tmp;
    Path root;
    RepoLayout repo;
    DemoSecurity security;

    @BeforeAll
    void prepare() throws Exception {
        repo = fakeCheckout(tmp.resolve("checkout"));
        root = repo.root();
        security = DemoSecurity.prepare(repo, m -> { });
    }

    private static RepoLayout fakeCheckout(Path root) throws Exception {
        Files.createDirectories(root.resolve("infra/bin"));
        Files.createDirectories(root.resolve("config"));
        Files.writeString(root.resolve("mvnw"), "#!/bin/sh\n");
        Files.writeString(root.resolve("config/server.properties"), "node.id=1\nnum.partitions=1\n");
        return RepoLayout.of(root);
    }

    private static DemoSettings secure(int portOffset) {
        return new DemoSettings(1, false, false, false, Set.of(), portOffset, 3, Duration.ofSeconds(60),
                Duration.ofSeconds(2), null, null, null, 1, true);
    }

    @Test
    void keyMaterialIsAKeyPairForLocalhostAndATrustStoreWithItsCertificateInTheDataDir() throws Exception {
        Path dir = root.resolve(".voltstream/data/secure");
        assertThat(security.dir()).isEqualTo(dir);
        String password = load(dir.resolve("passwords.properties")).getProperty(DemoPasswords.STORES);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(dir.resolve("broker.p12").toFile())) {
            keys.load(in, password.toCharArray());
        }
        assertThat(keys.isKeyEntry(KeyMaterial.ALIAS)).isTrue();
        X509Certificate cert = (X509Certificate) keys.getCertificate(KeyMaterial.ALIAS);
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=localhost");
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList())
                .contains("localhost", "127.0.0.1");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(dir.resolve("trust.p12").toFile())) {
            trust.load(in, password.toCharArray());
        }
        assertThat(trust.getCertificate(KeyMaterial.ALIAS)).isEqualTo(cert);
        for (String secret : List.of("passwords.properties", "server.properties", "admin.properties",
                "fraud-service.properties")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret))))
                    .as(secret).isEqualTo("rw-------");
        }
    }

    @Test
    void aSecondRunReusesKeysAndPasswordsAndAWipedDataDirGetsNewOnes() throws Exception {
        RepoLayout repo = fakeCheckout(tmp.resolve("again"));
        DemoSecurity security = DemoSecurity.prepare(repo, m -> { });
        Path dir = security.dir();
        byte[] keyStore = Files.readAllBytes(dir.resolve("broker.p12"));
        String admin = security.password(DemoSecurity.ADMIN);
        List<String> said = new ArrayList<>();
        DemoSecurity again = DemoSecurity.prepare(repo, said::add);
        assertThat(said).isEmpty();
        assertThat(again.password(DemoSecurity.ADMIN)).isEqualTo(admin);
        assertThat(Files.readAllBytes(dir.resolve("broker.p12"))).isEqualTo(keyStore);
        Demo.wipe(repo.dataDir()); // --fresh
        DemoSecurity fresh = DemoSecurity.prepare(repo, said::add);
        assertThat(fresh.password(DemoSecurity.ADMIN)).isNotEqualTo(admin).matches("[A-Za-z0-9]{20}");
        assertThat(said).singleElement().asString().contains("keytool");
    }

    @Test
    void theBrokerRunsSaslSslWithScramOnlyTheAuthorizerEveryUserAndAnHttpsConsoleAsASuperUser() throws Exception {
        Properties broker = load(security.brokerProperties());
        assertThat(broker).containsEntry("node.id", "1") // config/server.properties first
                .containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("ssl.keystore.location", security.dir().resolve("broker.p12").toString())
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("super.users", "User:admin;User:console")
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("voltstream.audit.log.file", root.resolve(".voltstream/logs/audit.log").toString())
                .containsEntry("console.kafka.security.protocol", "SASL_SSL")
                .containsEntry("console.kafka.sasl.mechanism", "SCRAM-SHA-512");
        assertThat(broker.getProperty("console.kafka.sasl.jaas.config")).contains("username=\"console\"",
                "password=\"" + security.password("console") + "\"");
        String bootstrap = broker.getProperty("voltstream.scram.bootstrap");
        for (String user : List.of("admin", "console", "ev-station-producer", "fraud-service", "billing-service",
                "notification-service")) {
            assertThat(bootstrap).contains("SCRAM-SHA-512=[name=" + user + ",password=" + security.password(user)
                    + "]");
        }
        BrokerSetup setup = new BrokerSetup(repo, secure(1000), security);
        assertThat(setup.command()).contains(security.brokerProperties().toString(),
                "listeners=SASL_SSL://localhost:10092", "console.listener=https://localhost:9080")
                .noneMatch(arg -> arg.contains(security.password("admin"))); // not in the process list
        assertThat(setup.consoleUrl()).isEqualTo("https://localhost:9080/");
        assertThat(new BrokerSetup(repo, secure(0), null).consoleUrl()).isEqualTo("http://localhost:8080/");
    }

    @Test
    void eachServiceLogsInAsItsOwnUserThroughTheEnvironmentQuarkusMapsToKafkaSettings() {
        DemoSettings s = secure(0);
        ServiceSetup services = new ServiceSetup(repo, s, "localhost:9092", "jdbc:x", security);
        assertThat(services.environment(ServiceSpec.FRAUD)).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", security.dir().resolve("trust.p12").toString())
                .containsEntry("KAFKA_SSL_TRUSTSTORE_PASSWORD", security.password(DemoPasswords.STORES))
                .containsEntry("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule "
                        + "required username=\"fraud-service\" password=\"" + security.password("fraud-service")
                        + "\";");
        assertThat(services.environment(ServiceSpec.PRODUCER).get("KAFKA_SASL_JAAS_CONFIG"))
                .contains("username=\"ev-station-producer\"");
        assertThat(new ServiceSetup(repo, s, "localhost:9092", "jdbc:x").environment(ServiceSpec.FRAUD))
                .doesNotContainKey("KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void kafkasCliToolsGetAPropertiesFilePerUser() throws Exception {
        Properties admin = load(security.clientProperties("admin"));
        assertThat(admin).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", security.dir().resolve("trust.p12").toString())
                .containsEntry("ssl.truststore.password", security.password(DemoPasswords.STORES));
        assertThat(admin.getProperty("sasl.jaas.config")).isEqualTo("org.apache.kafka.common.security.scram."
                + "ScramLoginModule required username=\"admin\" password=\"" + security.password("admin") + "\";");
        assertThat(security.clientProperties("fraud-service")).isEqualTo(security.dir().resolve(
                "fraud-service.properties"));
        assertThat(load(security.clientProperties("fraud-service")).getProperty("sasl.jaas.config"))
                .contains("username=\"fraud-service\"");
        Properties launcher = Demo.adminConfig("localhost:9092");
        security.applyAdmin(launcher);
        assertThat(launcher).containsEntry("security.protocol", "SASL_SSL").containsEntry("bootstrap.servers",
                "localhost:9092");
    }

    private static Properties load(Path file) throws Exception {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        return props;
    }
}
