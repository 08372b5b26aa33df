package dev.voltstream.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ev-station-producer's REST API: the simulation's start, stop, rate and status, and the fraud scenarios. */
final class Simulator {
    /** Every scenario but blocked-account, which needs an account blocked in fraud-service first. */
    static final List<String> SELF_CONTAINED_SCENARIOS =
            List.of("velocity-burst", "impossible-travel", "over-limit", "daily-limit", "amount-anomaly");
    static final String BLOCKED_ACCOUNT = "blocked-account";

    private final JsonHttp http;

    Simulator(ServiceProcess producer) {
        this.http = producer.http();
    }

    void start(double eventsPerSecond) {
        http.put("/api/simulation/rate", Map.of("eventsPerSecond", eventsPerSecond));
        http.post("/api/simulation/start");
    }

    /** Stops ordinary traffic; the status after the stop. */
    JsonNode stop() {
        return http.post("/api/simulation/stop");
    }

    JsonNode status() {
        return http.get("/api/simulation");
    }

    /** Runs a scenario (answers once the broker acknowledged all its transactions). */
    ScenarioRun run(String scenario, String accountId) {
        JsonNode report = http.post("/api/scenarios/" + scenario + (accountId == null ? "" : "?accountId=" + accountId));
        List<String> transactionIds = new ArrayList<>();
        report.path("transactions").forEach(tx -> transactionIds.add(tx.path("transactionId").asText()));
        return new ScenarioRun(report.path("scenario").asText(), report.path("accountId").asText(),
                report.path("expectedRule").asText(), transactionIds);
    }

    /** What one scenario sent and the rule it should make fire. */
    record ScenarioRun(String scenario, String accountId, String expectedRule, List<String> transactionIds) {
    }
}
