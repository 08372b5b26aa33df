package dev.voltstream.fraud.rules;

/** The rule names that appear in verdict reasons and in {@code FraudAlert.rule}. */
public final class RuleNames {
    public static final String PER_TRANSACTION_LIMIT = "PER_TRANSACTION_LIMIT";
    public static final String DAILY_LIMIT = "DAILY_LIMIT";
    public static final String ACCOUNT_BLOCKED = "ACCOUNT_BLOCKED";
    public static final String VELOCITY = "VELOCITY";
    public static final String AMOUNT_ANOMALY = "AMOUNT_ANOMALY";
    public static final String IMPOSSIBLE_TRAVEL = "IMPOSSIBLE_TRAVEL";

    private RuleNames() {
    }
}
