package dev.voltstream.stationproducer.rest;

import dev.voltstream.stationproducer.service.FraudScenario;

/** A fraud scenario: its name (the URL segment), the fraud-service rule it makes fire, what it sends. */
public record ScenarioInfo(String name, String rule, String description) {

    static ScenarioInfo of(FraudScenario scenario) {
        return new ScenarioInfo(scenario.slug(), scenario.rule(), scenario.description());
    }
}
