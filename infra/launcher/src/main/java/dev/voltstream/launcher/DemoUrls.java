package dev.voltstream.launcher;

import java.io.PrintStream;

/** The "where to look" block printed once everything is ready. */
final class DemoUrls {
    private final DemoSettings settings;
    private final Readiness readiness;
    /** The secure demo's settings, or null. */
    private final DemoSecurity security;

    DemoUrls(DemoSettings settings, Readiness readiness, DemoSecurity security) {
        this.settings = settings;
        this.readiness = readiness;
        this.security = security;
    }

    void print(PrintStream out, BrokerSetup brokers, String jdbcUrl, java.nio.file.Path logDir) {
        out.println();
        out.println("Voltstream demo is up.");
        String console = brokers.consoleUrl();
        if (security != null) {
            // HTTPS with the demo's self-signed certificate: a browser warns once (trust.p12 / broker.crt is it)
            out.println("  Console        " + console + "  (login " + DemoSecurity.ADMIN + " / "
                    + security.password(DemoSecurity.ADMIN) + "; self-signed certificate "
                    + security.keys().certificate() + ")");
        } else if (!settings.apacheKafka() && readiness.httpStatus(console) > 0) {
            out.println("  Console        " + console);
        }
        if (settings.services().contains(ServiceSpec.NOTIFICATION)) {
            out.println("  Dashboard      http://localhost:" + settings.httpPort(ServiceSpec.NOTIFICATION) + "/");
        }
        for (ServiceSpec service : settings.services()) {
            String base = "http://localhost:" + settings.httpPort(service);
            String ui = readiness.httpStatus(base + "/q/swagger-ui/") == 200 ? base + "/q/swagger-ui/"
                    : base + "/q/openapi";
            out.printf("  %-21s %s  (%s)%n", service.module(), ui, service.role());
        }
        out.println("  Kafka bootstrap " + brokers.bootstrapServers() + "  (" + brokers.description() + ")");
        if (settings.needsDatabase()) {
            out.println("  PostgreSQL     " + jdbcUrl + "  (user voltstream)");
        }
        out.println("  Logs           " + logDir);
        String bootstrap = brokers.bootstrapServers().split(",")[0];
        if (security != null) {
            out.println("  Kafka login    SASL_SSL, SCRAM-SHA-512; each service as its own user (ACLs: least "
                    + "privilege), the admin (super user) with " + security.clientProperties(DemoSecurity.ADMIN));
            out.println("  Audit log      " + logDir.resolve("audit.log") + "  (every refused request)");
            out.println("Try: infra/bin/kafka-topics.sh --bootstrap-server " + bootstrap + " --command-config "
                    + security.clientProperties(DemoSecurity.ADMIN) + " --list");
            out.println("     (as fraud-service, which may not write transactions: --producer.config "
                    + security.clientProperties(ServiceSpec.FRAUD.module()) + ")");
        } else {
            out.println("Try: infra/bin/kafka-topics.sh --bootstrap-server " + bootstrap
                    + " --list   (the README's walkthrough has more)");
        }
        out.println();
    }
}
