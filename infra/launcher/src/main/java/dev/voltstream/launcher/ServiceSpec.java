package dev.voltstream.launcher;

import java.util.List;
import java.util.Optional;

/**
 * One of the four Quarkus services of the demo: its Maven module (= folder = artifact), default HTTP port, whether
 * it needs PostgreSQL, and the path of its API docs.
 */
public record ServiceSpec(String module, int defaultPort, boolean usesDatabase, String role) {

    public static final ServiceSpec PRODUCER =
            new ServiceSpec("ev-station-producer", 8081, false, "simulated stations, sessions and payments");
    public static final ServiceSpec FRAUD =
            new ServiceSpec("fraud-service", 8082, true, "verdicts and fraud alerts");
    public static final ServiceSpec BILLING =
            new ServiceSpec("billing-service", 8083, true, "invoices, ledger, balances");
    public static final ServiceSpec NOTIFICATION =
            new ServiceSpec("notification-service", 8084, true, "notifications and the live dashboard");

    /** In start order: consumers first, so the producer's first events find their groups (not required, tidier). */
    public static final List<ServiceSpec> ALL = List.of(FRAUD, BILLING, NOTIFICATION, PRODUCER);

    public static Optional<ServiceSpec> byModule(String module) {
        return ALL.stream().filter(s -> s.module.equals(module)).findFirst();
    }
}
