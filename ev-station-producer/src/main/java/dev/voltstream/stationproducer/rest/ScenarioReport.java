package dev.voltstream.stationproducer.rest;

import dev.voltstream.contracts.Transaction;
import dev.voltstream.stationproducer.service.ScenarioRun;

import java.util.List;

/** What a scenario run emitted (in order, all acknowledged) and the rule expected to fire. */
public record ScenarioReport(String scenario, String accountId, String expectedRule, List<Transaction> transactions) {

    static ScenarioReport of(ScenarioRun run) {
        return new ScenarioReport(run.scenario().slug(), run.accountId(), run.expectedRule(), run.transactions());
    }
}
