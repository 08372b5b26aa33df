package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.Transaction;

import java.util.List;

/**
 * The transactions of one fraud scenario, in emission order, for one account, and the rule expected to fire. On a
 * fresh scenario account only that rule fires; on an account with ordinary history others may fire as well.
 */
public record ScenarioRun(FraudScenario scenario, String accountId, String expectedRule,
                          List<Transaction> transactions) {
    public ScenarioRun {
        transactions = List.copyOf(transactions);
    }
}
