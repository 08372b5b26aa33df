package dev.voltstream.fraud.rules;

/** How serious a fired rule is; {@link #HIGH} declines the transaction. */
public enum Severity { LOW, MEDIUM, HIGH }
