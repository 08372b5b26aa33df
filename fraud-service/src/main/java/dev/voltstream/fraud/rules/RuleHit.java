package dev.voltstream.fraud.rules;

import java.util.Objects;

/**
 * One rule that fired on a transaction.
 *
 * @param rule     the rule name (see {@link RuleNames})
 * @param kind     compliance or fraud
 * @param severity how serious; compliance hits are always {@link Severity#HIGH}
 * @param detail   a human-readable explanation with the numbers that made it fire
 */
public record RuleHit(String rule, RuleKind kind, Severity severity, String detail) {
    public RuleHit {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
    }

    /** A compliance rule that fired: it always declines. */
    public static RuleHit compliance(String rule, String detail) {
        return new RuleHit(rule, RuleKind.COMPLIANCE, Severity.HIGH, detail);
    }

    /** A fraud rule that fired with the given severity. */
    public static RuleHit fraud(String rule, Severity severity, String detail) {
        return new RuleHit(rule, RuleKind.FRAUD, severity, detail);
    }

    /** Whether this hit alone declines the transaction. */
    public boolean declines() {
        return kind == RuleKind.COMPLIANCE || severity == Severity.HIGH;
    }
}
