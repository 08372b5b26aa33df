package dev.voltstream.fraud.service;

import dev.voltstream.contracts.TransactionVerdict;

/**
 * What happened to a consumed transaction.
 *
 * @param verdict     the verdict (new, or the stored one)
 * @param redelivered true when the transaction had been decided before and nothing changed
 */
public record Outcome(TransactionVerdict verdict, boolean redelivered) {
}
