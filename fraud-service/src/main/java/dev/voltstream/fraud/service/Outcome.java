package dev.voltstream.fraud.service;

import dev.voltstream.contracts.TransactionVerdict;

import java.util.List;

/**
 * What happened to a consumed transaction.
 *
 * @param verdict     the verdict (new, or the stored one)
 * @param redelivered true when the transaction had been decided before and nothing changed
 * @param alertRules  the fraud rules that raised an alert now (empty for a redelivery)
 */
public record Outcome(TransactionVerdict verdict, boolean redelivered, List<String> alertRules) {
    public Outcome {
        alertRules = List.copyOf(alertRules);
    }
}
