package dev.voltstream.launcher;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code voltstream demo --secure}: the broker's security settings (SASL_SSL with SCRAM-SHA-512 only, Kafka's
 * StandardAuthorizer, the SCRAM users, the audit log, an HTTPS console behind a login) and each client's (the
 * launcher's own Admin as {@code admin}, each service as {@code <module>}, Kafka's CLI through
 * {@code admin.properties}), from the key material and passwords kept in {@code <data>/secure} ({@link KeyMaterial},
 * {@link DemoPasswords}): made on first run, reused later, wiped with the data by {@code --fresh}.
 */
public final class DemoSecurity {
    static final String MECHANISM = "SCRAM-SHA-512";
    static final String ADMIN = "admin";
    /** The console's own Kafka clients log in as this super user; people log in to the console as {@link #ADMIN}. */
    static final String CONSOLE = "console";
    static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    private final Path dir;
    private final Path logDir;
    private final KeyMaterial keys;
    private final DemoPasswords passwords;

    private DemoSecurity(Path dir, Path logDir, DemoPasswords passwords) {
        this.dir = dir;
        this.logDir = logDir;
        this.keys = new KeyMaterial(dir);
        this.passwords = passwords;
    }

    /** The SCRAM users: the admin, the console, one per service. */
    static List<String> users() {
        List<String> users = new ArrayList<>(List.of(ADMIN, CONSOLE));
        ServiceSpec.ALL.forEach(s -> users.add(s.module()));
        return users;
    }

    /**
     * Reads or makes the passwords and key material in {@code <data>/secure}, and writes the client property files
     * ({@code admin.properties}, {@code <module>.properties}) and the broker's ({@link #brokerProperties()}), all
     * mode 600.
     */
    public static DemoSecurity prepare(RepoLayout repo, java.util.function.Consumer<String> log)
            throws IOException, InterruptedException {
        Path dir = repo.dataDir().resolve("secure");
        List<String> names = new ArrayList<>(users());
        names.add(DemoPasswords.STORES);
        DemoSecurity security = new DemoSecurity(dir, repo.logDir(),
                DemoPasswords.loadOrCreate(dir.resolve("passwords.properties"), names));
        if (security.keys.createIfMissing(security.passwords.of(DemoPasswords.STORES))) {
            log.accept("--secure: made a key pair for localhost and a trust store with keytool in " + dir);
        }
        for (String user : List.of(ADMIN, CONSOLE)) {
            security.writeClientProperties(user);
        }
        for (ServiceSpec s : ServiceSpec.ALL) {
            security.writeClientProperties(s.module());
        }
        security.writeBrokerProperties(repo.serverProperties());
        return security;
    }

    public Path dir() {
        return dir;
    }

    String password(String user) {
        return passwords.of(user);
    }

    /** The client settings that log in as {@code user} over SASL_SSL, trusting the demo's certificate. */
    Map<String, String> clientSettings(String user) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("security.protocol", "SASL_SSL");
        s.put("sasl.mechanism", MECHANISM);
        s.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + passwords.of(user) + "\";");
        s.put("ssl.truststore.type", "PKCS12");
        s.put("ssl.truststore.location", keys.trustStore().toString());
        s.put("ssl.truststore.password", passwords.of(DemoPasswords.STORES));
        return s;
    }

    /** The file Kafka's CLI tools take ({@code --command-config}, {@code --producer.config}) to act as {@code user}. */
    public Path clientProperties(String user) {
        return dir.resolve(user + ".properties");
    }

    private void writeClientProperties(String user) throws IOException {
        try (Writer out = PrivateFile.open(clientProperties(user))) {
            out.write("# voltstream demo --secure: Kafka client settings of User:" + user + "\n");
            for (Map.Entry<String, String> e : clientSettings(user).entrySet()) {
                out.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
    }

    /**
     * A service's security as the environment Quarkus maps to {@code kafka.*} ({@code KAFKA_SASL_JAAS_CONFIG} is
     * {@code kafka.sasl.jaas.config}), which its channels, outbox relay and other Kafka clients all take.
     */
    Map<String, String> serviceEnvironment(ServiceSpec service) {
        Map<String, String> env = new LinkedHashMap<>();
        clientSettings(service.module()).forEach((k, v) -> env.put("KAFKA_" + k.toUpperCase().replace('.', '_'), v));
        return env;
    }

    /** The launcher's Admin client: the admin. */
    void applyAdmin(Properties adminConfig) {
        adminConfig.putAll(clientSettings(ADMIN));
    }

    /**
     * The broker's security settings (besides its listener, {@code SASL_SSL://localhost:<port>}, and the console's,
     * {@code https://localhost:<port>}, which {@link BrokerSetup} sets).
     */
    Map<String, String> brokerSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("sasl.enabled.mechanisms", MECHANISM);
        s.put("ssl.keystore.type", "PKCS12");
        s.put("ssl.keystore.location", keys.keyStore().toString());
        s.put("ssl.keystore.password", passwords.of(DemoPasswords.STORES));
        s.put("authorizer.class.name", AUTHORIZER);
        s.put("super.users", "User:" + ADMIN + ";User:" + CONSOLE);
        s.put("allow.everyone.if.no.acl.found", "false");
        s.put("voltstream.scram.bootstrap", String.join(";", users().stream()
                .map(u -> MECHANISM + "=[name=" + u + ",password=" + passwords.of(u) + "]").toList()));
        s.put("voltstream.audit.log.file", logDir.resolve("audit.log").toString());
        clientSettings(CONSOLE).forEach((k, v) -> s.put("console.kafka." + k, v));
        return s;
    }

    /**
     * The broker's properties file: {@code base} (config/server.properties) followed by {@link #brokerSettings()},
     * written (mode 600: it holds passwords) rather than passed as {@code --override}s, which any local user can read
     * in the process list.
     */
    private void writeBrokerProperties(Path base) throws IOException {
        try (Writer out = PrivateFile.open(brokerProperties())) {
            out.write(Files.readString(base));
            out.write("\n# voltstream demo --secure (made by the launcher on every start)\n");
            for (Map.Entry<String, String> e : brokerSettings().entrySet()) {
                out.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
            }
        }
    }

    /** The broker's properties file (config/server.properties and {@link #brokerSettings()}). */
    Path brokerProperties() {
        return dir.resolve("server.properties");
    }

    /** Where the broker's key store and the clients' trust store are. */
    KeyMaterial keys() {
        return keys;
    }
}
