package dev.voltstream.launcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a Quarkus service of the demo runs: {@code java -jar quarkus-run.jar} of its build
 * ({@code <module>/target/quarkus-app}, run from a copy: see {@link AppStaging}) in its module folder, configured only through the environment variables of the shared design ({@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code VOLTSTREAM_DB_URL}/{@code _USER}/{@code _PASSWORD}) plus {@code QUARKUS_HTTP_PORT}; with {@code --secure}
 * also its Kafka login ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*}, {@code KAFKA_SSL_TRUSTSTORE_*}).
 */
public final class ServiceSetup {
    /** Four JVMs beside a broker on a small machine: a capped heap, and C1 only, which starts them much faster. */
    static final String DEFAULT_JVM_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private final RepoLayout repo;
    private final DemoSettings settings;
    private final String bootstrapServers;
    private final String jdbcUrl;
    /** The secure demo's settings, or null. */
    private final DemoSecurity security;

    public ServiceSetup(RepoLayout repo, DemoSettings settings, String bootstrapServers, String jdbcUrl) {
        this(repo, settings, bootstrapServers, jdbcUrl, null);
    }

    /** @param security {@code --secure}: each service logs in as its own user ({@link DemoSecurity}); or null */
    public ServiceSetup(RepoLayout repo, DemoSettings settings, String bootstrapServers, String jdbcUrl,
            DemoSecurity security) {
        this.repo = repo;
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.jdbcUrl = jdbcUrl;
        this.security = security;
    }

    public List<String> command(ServiceSpec service) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Java.executable());
        String opts = System.getenv().getOrDefault("VOLTSTREAM_SERVICE_JVM_OPTS", DEFAULT_JVM_OPTS);
        for (String opt : opts.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        cmd.add("-jar");
        cmd.add(new AppStaging(repo).stage(service).toString());
        return cmd;
    }

    public Map<String, String> environment(ServiceSpec service) {
        return environment(service, 0);
    }

    /** The environment of instance {@code k} of the service (they differ only in the HTTP port). */
    public Map<String, String> environment(ServiceSpec service, int k) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(settings.httpPort(service, k)));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        if (security != null) {
            env.putAll(security.serviceEnvironment(service)); // KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_JAAS_CONFIG, ...
        }
        if (service.equals(ServiceSpec.PRODUCER) && settings.rate() != null) {
            env.put("SIMULATOR_EVENTS_PER_SECOND", String.valueOf(settings.rate())); // simulator.events-per-second
        }
        if (service.usesDatabase()) {
            env.put("VOLTSTREAM_DB_URL", jdbcUrl);
            if (settings.embeddedDatabase()) {
                env.put("VOLTSTREAM_DB_USER", PostgresSetup.USER);
                env.put("VOLTSTREAM_DB_PASSWORD", PostgresSetup.PASSWORD);
            }
        }
        return env;
    }

    public String baseUrl(ServiceSpec service) {
        return "http://localhost:" + settings.httpPort(service);
    }

    public String healthUrl(ServiceSpec service) {
        return healthUrl(service, 0);
    }

    public String healthUrl(ServiceSpec service, int k) {
        return "http://localhost:" + settings.httpPort(service, k) + "/q/health/ready";
    }
}
