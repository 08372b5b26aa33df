package dev.voltstream.e2e;

/** The four services of the reference system, by module folder. */
public enum ServiceApp {
    PRODUCER("ev-station-producer", false),
    FRAUD("fraud-service", true),
    BILLING("billing-service", true),
    NOTIFICATION("notification-service", true);

    private final String module;
    private final boolean usesDatabase;

    ServiceApp(String module, boolean usesDatabase) {
        this.module = module;
        this.usesDatabase = usesDatabase;
    }

    /** The Maven module folder, also the artifact id and the consumer group id. */
    public String module() {
        return module;
    }

    public boolean usesDatabase() {
        return usesDatabase;
    }
}
