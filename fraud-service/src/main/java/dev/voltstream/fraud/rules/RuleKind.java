package dev.voltstream.fraud.rules;

/** Compliance rules always decline; fraud rules decline only at {@link Severity#HIGH}. */
public enum RuleKind { COMPLIANCE, FRAUD }
