package dev.voltstream.launcher;

import java.io.PrintStream;

/** The "where to look" block printed once everything is ready. */
final class DemoUrls {
    private final DemoSettings settings;
    private final Readiness readiness;

    DemoUrls(DemoSettings settings, Readiness readiness) {
        this.settings = settings;
        this.readiness = readiness;
    }

    void print(PrintStream out, BrokerSetup brokers, String jdbcUrl, java.nio.file.Path logDir) {
        out.println();
        out.println("Voltstream demo is up.");
        String console = "http://localhost:" + settings.consolePort() + "/";
        if (!settings.apacheKafka() && readiness.httpStatus(console) > 0) {
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
        out.println("Try: infra/bin/kafka-topics.sh --bootstrap-server " + brokers.bootstrapServers().split(",")[0]
                + " --list   (the README's walkthrough has more)");
        out.println();
    }
}
