package dev.voltstream.stationproducer.service;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fraud scenarios on demand, each named by its URL slug and the fraud-service rule it makes fire (the names in
 * verdict reasons and {@code FraudAlert.rule}).
 */
public enum FraudScenario {
    VELOCITY_BURST("velocity-burst", "VELOCITY",
            "a burst of small payments within seconds, over twice the velocity limit (5 per 60 s)"),
    IMPOSSIBLE_TRAVEL("impossible-travel", "IMPOSSIBLE_TRAVEL",
            "a payment at home, then one a minute later in the farthest city (over 1,000 km away)"),
    OVER_LIMIT("over-limit", "PER_TRANSACTION_LIMIT",
            "one payment well over the per-transaction limit (2000.00)"),
    DAILY_LIMIT("daily-limit", "DAILY_LIMIT",
            "payments each under the per-transaction limit that together exceed the daily limit (5000.00)"),
    AMOUNT_ANOMALY("amount-anomaly", "AMOUNT_ANOMALY",
            "five small payments a minute apart, then one far above five times their average (and over 500.00)"),
    BLOCKED_ACCOUNT("blocked-account", "ACCOUNT_BLOCKED",
            "one ordinary payment by the given account: block it in fraud-service first");

    private final String slug;
    private final String rule;
    private final String description;

    FraudScenario(String slug, String rule, String description) {
        this.slug = slug;
        this.rule = rule;
        this.description = description;
    }

    public String slug() {
        return slug;
    }

    /** The fraud-service rule this scenario makes fire. */
    public String rule() {
        return rule;
    }

    public String description() {
        return description;
    }

    public static Optional<FraudScenario> bySlug(String slug) {
        return Arrays.stream(values()).filter(s -> s.slug.equals(slug)).findFirst();
    }

    public static List<String> slugs() {
        return Arrays.stream(values()).map(FraudScenario::slug).toList();
    }
}
